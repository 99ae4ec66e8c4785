internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Owns one `X509*`. Created from DER or by taking a reference on a borrowed pointer.
final class X509Certificate: OpenSSLOwner {
    private let pointer: OpaquePointer

    private init(takingOwnership pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { X509_free(pointer) }

    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try withExtendedLifetime(self) { () throws(E) -> T in try body(pointer) }
    }

    /// Parses exactly one DER certificate, every byte of it; nil when the bytes are not one
    /// or run on past it.
    convenience init?(der: [UInt8]) {
        guard let (certificate, used) = Self.parsePrefix(der), used == der.count else { return nil }
        self.init(borrowing: certificate.pointer)
    }

    /// Parses one DER certificate at the start of `bytes`; returns it and the bytes used.
    static func parsePrefix(_ bytes: [UInt8]) -> (X509Certificate, Int)? {
        guard let (parsed, used) = parseDER(bytes, { d2i_X509(nil, $0, $1) }), used > 0 else { return nil }
        return (X509Certificate(takingOwnership: parsed), used)
    }

    /// Wraps a pointer borrowed from another object (a `get0` result), taking a reference.
    convenience init(borrowing pointer: OpaquePointer) {
        X509_up_ref(pointer)
        self.init(takingOwnership: pointer)
    }

    var der: [UInt8] {
        var out: UnsafeMutablePointer<UInt8>?
        let n = i2d_X509(pointer, &out)
        guard n > 0, let out else { return [] }
        defer { sc_OPENSSL_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }

    var subject: String { nameString(X509_get_subject_name(pointer)) }
    var issuerName: String { nameString(X509_get_issuer_name(pointer)) }
    var serialHex: String { hexString(X509_get0_serialNumber(pointer)) }
    var notBefore: Date? { dateFromASN1Time(X509_get0_notBefore(pointer)) }
    var notAfter: Date? { dateFromASN1Time(X509_get0_notAfter(pointer)) }

    /// True when `self` issued `other` (names, key identifiers and signature agree).
    func issued(_ other: X509Certificate) -> Bool {
        X509_check_issued(pointer, other.pointer) == X509_V_OK
    }

    func isSameCertificate(as other: X509Certificate) -> Bool {
        X509_cmp(pointer, other.pointer) == 0
    }

    /// Whether `serial` is this certificate's serial number.
    func hasSerial(_ serial: UnsafePointer<ASN1_INTEGER>?) -> Bool {
        ASN1_INTEGER_cmp(serial, X509_get0_serialNumber(pointer)) == 0
    }

    /// The OCSP CertID of this certificate as `issuer` issued it, hashed with `digest`,
    /// lent to `body` and freed after; nil when OpenSSL cannot build it.
    func withCertID<T>(digest: OpaquePointer, issuer: X509Certificate, _ body: (OpaquePointer) -> T) -> T? {
        guard let id = issuer.withPointer({ OCSP_cert_to_id(digest, pointer, $0) }) else { return nil }
        defer { OCSP_CERTID_free(id) }
        return body(id)
    }

    /// The CertID of a certificate with `serial` issued by this one (name and key hashes of
    /// this certificate), lent to `body` and freed after.
    func withIssuedCertID<T>(digest: OpaquePointer, serial: UnsafeMutablePointer<ASN1_INTEGER>, _ body: (OpaquePointer) -> T) -> T? {
        guard let id = OCSP_cert_id_new(digest, X509_get_subject_name(pointer), X509_get0_pubkey_bitstr(pointer), serial) else { return nil }
        defer { OCSP_CERTID_free(id) }
        return body(id)
    }

    var sha256Fingerprint: String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(pointer, EVP_sha256(), &digest, &length) == 1 else { return "" }
        return hexBytes(digest.prefix(Int(length)))
    }

    /// An extended key usage extension is present and lists id-kp-OCSPSigning (without the
    /// extension OpenSSL reports every usage as allowed).
    var hasOCSPSigningUsage: Bool {
        (X509_get_extension_flags(pointer) & UInt32(EXFLAG_XKUSAGE)) != 0
            && (X509_get_extended_key_usage(pointer) & UInt32(XKU_OCSP_SIGN)) != 0
    }

    /// Carries id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1).
    var hasOCSPNoCheck: Bool {
        X509_get_ext_by_NID(pointer, NID_id_pkix_OCSP_noCheck, -1) >= 0
    }

    var subjectAltNames: [String] {
        guard let raw = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        return generalNameStrings(names, includeURIs: false)
    }

    /// The OCSP responder URLs of the Authority Information Access extension, split into
    /// those that are usable URLs and those that are not (see `OCSPURLs`).
    var ocspURLs: OCSPURLs {
        // Read here rather than with X509_get1_ocsp, which silently drops a URL holding a
        // NUL byte: a URL that was named but is invalid must be reported, not vanish.
        guard let raw = X509_get_ext_d2i(pointer, NID_info_access, nil, nil) else { return OCSPURLs() }
        let access = OpaquePointer(raw)
        defer { AUTHORITY_INFO_ACCESS_free(access) }
        var urls = OCSPURLs()
        for i in 0..<sc_sk_ACCESS_DESCRIPTION_num(access) {
            guard let description = sc_sk_ACCESS_DESCRIPTION_value(access, i),
                  OBJ_obj2nid(description.pointee.method) == NID_ad_OCSP, let location = description.pointee.location else { continue }
            var type: Int32 = 0
            guard let value = GENERAL_NAME_get0_value(location, &type), type == GEN_URI else { continue }
            urls.add(asn1StringBytes(value.assumingMemoryBound(to: ASN1_STRING.self)))
        }
        return urls
    }

    /// Validity fields that are present but cannot be decoded ("notBefore", "notAfter"):
    /// neither OpenSSL nor any client can tell when such a certificate is valid.
    var unreadableValidityFields: [String] {
        [("notBefore", X509_get0_notBefore(pointer)), ("notAfter", X509_get0_notAfter(pointer))]
            .filter { $0.1 == nil || dateFromASN1Time($0.1) == nil }.map(\.0)
    }

    var crlURLs: [String] {
        guard let raw = X509_get_ext_d2i(pointer, NID_crl_distribution_points, nil, nil) else { return [] }
        let points = OpaquePointer(raw)
        defer { CRL_DIST_POINTS_free(points) }
        var urls: [String] = []
        for i in 0..<sc_sk_DIST_POINT_num(points) {
            guard let point = sc_sk_DIST_POINT_value(points, i), let full = sc_DIST_POINT_fullname(point) else { continue }
            urls += generalNameStrings(full, includeURIs: true).compactMap { $0.hasPrefix("URI:") ? String($0.dropFirst(4)) : nil }
        }
        return urls
    }

    /// The TLS Feature extension (RFC 7633): the listed TLS extension numbers, nil when absent.
    var tlsFeatures: [Int]? {
        guard let raw = X509_get_ext_d2i(pointer, NID_tlsfeature, nil, nil) else { return nil }
        let features = OpaquePointer(raw)
        defer { TLS_FEATURE_free(features) }
        return (0..<sc_sk_ASN1_INTEGER_num(features)).map { i in
            Int(ASN1_INTEGER_get(sc_sk_ASN1_INTEGER_value(features, i)))
        }
    }

    var keyDescription: String {
        X509_get0_pubkey(pointer).map(StapleCheckCore.keyDescription) ?? "unknown"
    }

    var signatureAlgorithm: String {
        objectName(OBJ_nid2obj(X509_get_signature_nid(pointer)))
    }
}
