internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension OCSPResponseHandle {
    /// The responseType OID of a response OpenSSL will not open as basic, read from the
    /// DER: OCSPResponse ::= SEQUENCE { status ENUMERATED, [0] EXPLICIT SEQUENCE { OID, OCTET STRING } }.
    static func responseTypeOID(_ der: [UInt8]) -> String? {
        var cursor = DERCursor(der)
        guard let outer = cursor.next(), outer.constructed else { return nil }
        var fields = DERCursor(der, range: outer.content)
        _ = fields.next()  // responseStatus
        guard let bytes = fields.next(), bytes.tagClass == V_ASN1_CONTEXT_SPECIFIC, bytes.tag == 0 else { return nil }
        var explicit = DERCursor(der, range: bytes.content)
        guard let sequence = explicit.next(), sequence.constructed else { return nil }
        var items = DERCursor(der, range: sequence.content)
        guard let oid = items.next(), oid.tag == V_ASN1_OBJECT else { return nil }
        return der[oid.header.lowerBound..<oid.content.upperBound].withUnsafeBufferPointer { buffer -> String? in
            var p: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let object = d2i_ASN1_OBJECT(nil, &p, buffer.count) else { return nil }
            defer { ASN1_OBJECT_free(object) }
            return objectOID(object)
        }
    }
}

/// Owns one `OCSP_RESPONSE*`.
final class OCSPResponseHandle: OpenSSLOwner {
    private let pointer: OpaquePointer
    /// Bytes after the DER value that the parser did not consume.
    let trailingBytes: Int
    let der: [UInt8]

    init?(der: [UInt8]) {
        guard let (parsed, consumed) = parseDER(der, { d2i_OCSP_RESPONSE(nil, $0, $1) }) else { return nil }
        pointer = parsed
        trailingBytes = der.count - consumed
        self.der = der
    }

    deinit { OCSP_RESPONSE_free(pointer) }

    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try withExtendedLifetime(self) { () throws(E) -> T in try body(pointer) }
    }

    var status: OCSPResponseStatus { OCSPResponseStatus(rawValue: Int(OCSP_response_status(pointer))) }

    /// The BasicOCSPResponse inside, as an owner of its own; nil when there is none (not
    /// successful, another responseType, unreadable), with OpenSSL's reason on its queue.
    func basic() -> OCSPBasicResponse? {
        OCSP_response_get1_basic(pointer).map(OCSPBasicResponse.init(takingOwnership:))
    }
}
