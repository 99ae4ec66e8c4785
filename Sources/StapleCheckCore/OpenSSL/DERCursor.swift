internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Steps through DER TLVs with OpenSSL's ASN1_get_object; no hand-written length parsing.
struct DERCursor {
    struct Element {
        var tag: Int32
        var tagClass: Int32
        var constructed: Bool
        var header: Range<Int>
        var content: Range<Int>
    }

    private let bytes: [UInt8]
    private var offset: Int
    private let end: Int

    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        offset = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }

    mutating func next() -> Element? {
        guard offset < end else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Element? in
            guard let base = buffer.baseAddress else { return nil }
            var p: UnsafePointer<UInt8>? = base + offset
            var length = 0
            var tag: Int32 = 0
            var tagClass: Int32 = 0
            let flags = ASN1_get_object(&p, &length, &tag, &tagClass, end - offset)
            guard flags & 0x80 == 0, let p else { return nil }
            let contentStart = p - base
            guard length >= 0, contentStart + length <= end else { return nil }
            let element = Element(tag: tag, tagClass: tagClass, constructed: flags & V_ASN1_CONSTRUCTED != 0,
                                  header: offset..<contentStart, content: contentStart..<(contentStart + length))
            offset = contentStart + length
            return element
        }
    }
}
