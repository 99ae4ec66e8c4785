import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders reports for people, one file per report kind (`TextRenderer+Report.swift` for the
/// live check, `+InspectReport`, `+FetchReport`) over the sections they share
/// (`+Sections`). Everything that came from a server, a certificate or a file is untrusted:
/// `escape` (`+Escape`) runs over every dynamic string so that control characters cannot
/// move the cursor, recolour the terminal or hide text.
public struct TextRenderer: Sendable {
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    enum Style: String {
        case red = "31", yellow = "33", green = "32", bold = "1", dim = "2"
    }

    func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Accumulates lines; `field` aligns a label and a value.
    struct Page {
        var text = ""
        mutating func line(_ s: String = "") { text += s + "\n" }
        mutating func field(_ name: String, _ value: String, indent: String = "  ") {
            line(indent + name + String(repeating: " ", count: max(1, 13 - name.count)) + value)
        }
    }

    func relative(_ date: Date, from now: Date) -> String {
        let delta = date.timeIntervalSince(now)
        return delta >= 0 ? " (in \(DurationFormat.compact(delta)))" : " (\(DurationFormat.compact(-delta)) ago)"
    }

    static func time(_ date: Date?) -> String {
        guard let date else { return "?" }
        return ISO8601.string(date)
    }

    /// A time that must be there (notBefore, producedAt, thisUpdate): nil means it was
    /// present and could not be decoded, never that it is missing.
    static func mandatoryTime(_ date: Date?) -> String {
        date.map(ISO8601.string) ?? "UNREADABLE"
    }

    /// An optional time (nextUpdate): absent, or there but undecodable.
    static func optionalTime(_ date: Date?, unreadable: Bool, suffix: (Date) -> String = { _ in "" }) -> String {
        if let date { return ISO8601.string(date) + suffix(date) }
        return unreadable ? "UNREADABLE" : "none"
    }
}
