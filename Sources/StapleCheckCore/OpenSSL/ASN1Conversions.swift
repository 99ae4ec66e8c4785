internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
func hexString(_ integer: UnsafePointer<ASN1_INTEGER>?) -> String { integerText(integer, BN_bn2hex) }

/// An ASN1_INTEGER in decimal, whatever its size ("" when unreadable).
func decimalString(_ integer: UnsafePointer<ASN1_INTEGER>?) -> String { integerText(integer, BN_bn2dec) }

/// An ASN1_INTEGER through a BIGNUM and one of OpenSSL's BN_bn2… printers.
private func integerText(_ integer: UnsafePointer<ASN1_INTEGER>?, _ print: (OpaquePointer?) -> UnsafeMutablePointer<CChar>?) -> String {
    guard let integer, let bn = ASN1_INTEGER_to_BN(integer, nil) else { return "" }
    defer { BN_free(bn) }
    guard let text = print(bn) else { return "" }
    defer { sc_OPENSSL_free(text) }
    return String(cString: text)
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
