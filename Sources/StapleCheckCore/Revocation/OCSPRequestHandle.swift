internal import COpenSSL

/// Owns one `OCSP_REQUEST*` for a single certificate, and its DER.
final class OCSPRequestHandle: OpenSSLOwner {
    private let pointer: OpaquePointer
    let der: [UInt8]

    /// RFC 8954 §2.1: "Newer OCSP clients that support this document MUST use a length of 32
    /// octets for the nonce in the Nonce extension" (responders must accept 1 to 32 octets).
    /// RFC 9654 obsoletes RFC 8954 and lets nonces grow to 128 octets; 32 is what a client sends.
    static let nonceLength: Int32 = 32

    init(leaf: X509Certificate, issuer: X509Certificate, hash: OCSPHashAlgorithm, nonce: Bool) throws(CheckError) {
        func fail(_ what: String) -> CheckError {
            CheckError.internal("cannot build the OCSP request: \(what) (\(OpenSSLErrors.describe(OpenSSLErrors.drain(), fallback: "?")))")
        }
        OpenSSLErrors.clear()
        guard let request = OCSP_REQUEST_new() else { throw fail("no memory") }
        pointer = request
        let digest = hash == .sha256 ? EVP_sha256() : EVP_sha1()
        guard let id = withPointers(leaf, issuer, { OCSP_cert_to_id(digest, $0, $1) }) else {
            der = []
            throw fail("no CertID")
        }
        guard OCSP_request_add0_id(request, id) != nil else {  // takes ownership of id on success
            OCSP_CERTID_free(id)
            der = []
            throw fail("cannot add the CertID")
        }
        // A nil value asks OpenSSL to fill the nonce with random bytes.
        if nonce, OCSP_request_add1_nonce(request, nil, Self.nonceLength) != 1 {
            der = []
            throw fail("cannot add a nonce")
        }
        var out: UnsafeMutablePointer<UInt8>?
        let n = i2d_OCSP_REQUEST(request, &out)
        guard n > 0, let out else {
            der = []
            throw fail("cannot encode it")
        }
        defer { sc_OPENSSL_free(out) }
        der = Array(UnsafeBufferPointer(start: out, count: Int(n)))
    }

    deinit { OCSP_REQUEST_free(pointer) }

    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try withExtendedLifetime(self) { () throws(E) -> T in try body(pointer) }
    }

    /// The RFC 6960 Appendix A.1 GET path segment: base64 of the DER, URL-escaped.
    var getPathSegment: String {
        var encoded = [UInt8](repeating: 0, count: (der.count + 2) / 3 * 4 + 1)
        let n = EVP_EncodeBlock(&encoded, der, Int32(der.count))
        var out = ""
        for byte in encoded.prefix(Int(max(0, n))) {
            switch byte {
            case UInt8(ascii: "+"): out += "%2B"
            case UInt8(ascii: "/"): out += "%2F"
            case UInt8(ascii: "="): out += "%3D"
            default: out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }

    /// Whether `response` echoes this request's nonce (absent or different: false).
    func echoesNonce(in response: OCSPBasicResponse) -> Bool {
        // OCSP_check_nonce: 1 equal, 2 absent in both, 3 absent in the request only,
        // -1 absent in the response only, 0 present in both and different.
        let result = response.withPointer { OCSP_check_nonce(pointer, $0) }
        OpenSSLErrors.clear()
        return result == 1
    }
}
