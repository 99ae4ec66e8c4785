internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One entry of OpenSSL's per-thread error queue, drained right after a failing call.
struct OpenSSLErrorEntry: Sendable, Equatable {
    var library: Int32
    var reason: Int32
    var text: String
}

enum OpenSSLErrors {
    /// Empties the queue so that what `drain()` returns belongs to the next call only.
    static func clear() { ERR_clear_error() }

    /// Reads and empties this thread's error queue. Call it immediately after the failing
    /// call, with no `await` in between: the queue is per thread.
    static func drain() -> [OpenSSLErrorEntry] {
        var entries: [OpenSSLErrorEntry] = []
        while true {
            var data: UnsafePointer<CChar>?
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            var text = ERR_reason_error_string(code).map { String(cString: $0) } ?? "error \(code)"
            if let data, (flags & ERR_TXT_STRING) != 0 {
                let extra = String(cString: data)
                if !extra.isEmpty { text += " (\(extra))" }
            }
            entries.append(OpenSSLErrorEntry(library: ERR_GET_LIB(code), reason: ERR_GET_REASON(code), text: text))
        }
        return entries
    }

    /// The most useful one-line description of the drained queue (the innermost cause comes first).
    static func describe(_ entries: [OpenSSLErrorEntry], fallback: String) -> String {
        guard !entries.isEmpty else { return fallback }
        var seen: [String] = []
        for e in entries where !seen.contains(e.text) { seen.append(e.text) }
        return seen.joined(separator: ": ")
    }
}

/// Converts an ASN1_TIME (UTCTime or GeneralizedTime) to a Date; nil when it cannot be read.
func dateFromASN1Time(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
    guard let time else { return nil }
    var tm = tm()
    guard ASN1_TIME_to_tm(time, &tm) == 1 else { return nil }
    return Date(timeIntervalSince1970: TimeInterval(timegm(&tm)))
}

/// Reads everything written to a memory BIO as UTF-8 (invalid bytes replaced).
func withMemoryBIO(_ body: (OpaquePointer) -> Void) -> String {
    guard let bio = BIO_new(BIO_s_mem()) else { return "" }
    defer { BIO_free(bio) }
    body(bio)
    var ptr: UnsafeMutablePointer<CChar>?
    let len = sc_BIO_get_mem_data(bio, &ptr)
    guard len > 0, let ptr else { return "" }
    return ptr.withMemoryRebound(to: UInt8.self, capacity: len) {
        String(decoding: UnsafeBufferPointer(start: $0, count: len), as: UTF8.self)
    }
}

/// An X509_NAME printed in RFC 2253 order ("CN=…,O=…"); UTF-8 kept, control bytes left for
/// the renderer to escape.
func nameString(_ name: OpaquePointer?) -> String {
    guard let name else { return "" }
    return withMemoryBIO { bio in _ = X509_NAME_print_ex(bio, name, 0, sc_XN_FLAG_RFC2253_UTF8()) }
}

/// An ASN1_INTEGER as upper-case hex without separators ("0" for zero, "-" prefix if negative).
func hexString(_ integer: UnsafePointer<ASN1_INTEGER>?) -> String {
    guard let integer, let bn = ASN1_INTEGER_to_BN(integer, nil) else { return "" }
    defer { BN_free(bn) }
    guard let hex = BN_bn2hex(bn) else { return "" }
    defer { sc_OPENSSL_free(hex) }
    return String(cString: hex)
}

/// An ASN1_INTEGER in decimal, whatever its size ("" when unreadable).
func decimalString(_ integer: UnsafePointer<ASN1_INTEGER>?) -> String {
    guard let integer, let bn = ASN1_INTEGER_to_BN(integer, nil) else { return "" }
    defer { BN_free(bn) }
    guard let text = BN_bn2dec(bn) else { return "" }
    defer { sc_OPENSSL_free(text) }
    return String(cString: text)
}

/// Lower-case hex of raw bytes.
func hexBytes<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// The bytes of an ASN1_STRING (OCTET STRING, IA5String, …).
func asn1StringBytes(_ string: UnsafePointer<ASN1_STRING>?) -> [UInt8] {
    guard let string, let data = ASN1_STRING_get0_data(string) else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))))
}

/// The long name of an ASN1_OBJECT ("sha256", "ecdsa-with-SHA256"), or its dotted OID.
func objectName(_ object: OpaquePointer?) -> String {
    guard let object else { return "" }
    let nid = OBJ_obj2nid(object)
    if nid != NID_undef, let ln = OBJ_nid2ln(nid) { return String(cString: ln) }
    return objectOID(object)
}

/// The dotted OID of an ASN1_OBJECT.
func objectOID(_ object: OpaquePointer?) -> String {
    guard let object else { return "" }
    var buffer = [CChar](repeating: 0, count: 128)
    let n = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
    guard n > 0 else { return "" }
    return string(fromCBuffer: buffer)
}

/// The NUL-terminated text in a fixed-size C buffer.
func string(fromCBuffer buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
