internal import COpenSSL

/// Owns one `X509_REQ*`.
final class CertificateRequest: OpenSSLOwner {
    private let pointer: OpaquePointer

    private init(takingOwnership pointer: OpaquePointer) { self.pointer = pointer }

    deinit { X509_REQ_free(pointer) }

    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try withExtendedLifetime(self) { () throws(E) -> T in try body(pointer) }
    }

    /// Parses exactly one DER CSR (all bytes consumed); nil otherwise.
    convenience init?(der: [UInt8]) {
        guard let (parsed, consumed) = parseDER(der, { d2i_X509_REQ(nil, $0, $1) }) else { return nil }
        guard consumed == der.count else {
            X509_REQ_free(parsed)
            return nil
        }
        self.init(takingOwnership: parsed)
    }

    var info: CSRInfo {
        var sans: [String] = []
        var features: [Int] = []
        if let extensions = X509_REQ_get_extensions(pointer) {
            defer { sc_sk_X509_EXTENSION_pop_free(extensions) }
            for i in 0..<sc_sk_X509_EXTENSION_num(extensions) {
                guard let ext = sc_sk_X509_EXTENSION_value(extensions, i) else { continue }
                let nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext))
                guard nid == NID_subject_alt_name || nid == NID_tlsfeature, let decoded = X509V3_EXT_d2i(ext) else { continue }
                if nid == NID_subject_alt_name {
                    let names = OpaquePointer(decoded)
                    sans += generalNameStrings(names, includeURIs: false)
                    GENERAL_NAMES_free(names)
                } else {
                    let list = OpaquePointer(decoded)
                    features += (0..<sc_sk_ASN1_INTEGER_num(list)).map { Int(ASN1_INTEGER_get(sc_sk_ASN1_INTEGER_value(list, $0))) }
                    TLS_FEATURE_free(list)
                }
            }
        }
        OpenSSLErrors.clear()
        let key = X509_REQ_get0_pubkey(pointer)
        let valid = key.map { X509_REQ_verify(pointer, $0) == 1 } ?? false
        OpenSSLErrors.clear()
        return CSRInfo(
            subject: nameString(X509_REQ_get_subject_name(pointer)),
            subjectAltNames: sans,
            mustStaple: features.contains(TLSFeature.statusRequest),
            tlsFeatures: features.map(TLSFeature.name),
            keyType: key.map(keyDescription) ?? "unknown",
            signatureValid: valid)
    }
}
