#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

extension Report {
    /// The one JSON encoder configuration every front end uses: ISO 8601 UTC dates,
    /// sorted keys, no escaped slashes.
    public static func jsonEncoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.string(date))
        }
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The JSON staplecheck prints for `value`: `jsonEncoder(pretty:)`'s, with every
    /// character a terminal acts on that JSONEncoder leaves raw (DEL, C1 controls,
    /// bidirectional marks, overrides and isolates; it escapes C0 itself) written as a
    /// `\uXXXX` escape. Still the same JSON to any parser, but `jq -r` can no longer hand
    /// a hostile certificate's subject to the terminal as it came.
    public static func json<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        escapeTerminalControls(try jsonEncoder(pretty: pretty).encode(value))
    }

    /// Such characters only occur inside JSON strings (the syntax is ASCII), so escaping
    /// them wherever they are keeps the document valid.
    static func escapeTerminalControls(_ json: Data) -> Data {
        // All of them are DEL or start with 0xC2 (U+0080–U+009F) or 0xE2 (U+2000–U+2FFF).
        guard json.contains(where: { $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return json }
        var out = ""
        out.reserveCapacity(json.count + 64)
        for scalar in String(decoding: json, as: UTF8.self).unicodeScalars {
            if scalar.value >= 0x7F, TerminalSafety.isUnsafe(scalar) {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return Data(out.utf8)
    }

    public static func jsonDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
