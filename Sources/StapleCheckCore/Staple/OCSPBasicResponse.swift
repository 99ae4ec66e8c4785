internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension OCSPBasicResponse {
    var responseExtensions: [ExtensionDetail] {
        extensionDetails(count: OCSP_BASICRESP_get_ext_count(pointer)) { OCSP_BASICRESP_get_ext(pointer, $0) }
    }

    /// The tbsResponseData version, read from its DER with OpenSSL's ASN1_get_object
    /// (the field is private to OpenSSL): 0 when absent, as DEFAULT v1 is encoded. Any
    /// INTEGER parses, 2^63 - 1 and beyond included, so no arithmetic is done on it.
    var version: EncodedVersion? {
        guard let respdata = OCSP_resp_get0_respdata(pointer) else { return nil }
        var out: UnsafeMutablePointer<UInt8>?
        let n = i2d_OCSP_RESPDATA(respdata, &out)
        guard n > 0, let out else { return nil }
        defer { sc_OPENSSL_free(out) }
        let der = Array(UnsafeBufferPointer(start: out, count: Int(n)))
        var cursor = DERCursor(der)
        guard let outer = cursor.next(), outer.tag == V_ASN1_SEQUENCE, outer.constructed else { return nil }
        var inner = DERCursor(der, range: outer.content)
        guard let first = inner.next() else { return nil }
        guard first.tagClass == V_ASN1_CONTEXT_SPECIFIC, first.tag == 0 else { return EncodedVersion(value: 0, text: "0") }
        var explicit = DERCursor(der, range: first.content)
        guard let integer = explicit.next(), integer.tag == V_ASN1_INTEGER else { return nil }
        return der[integer.header.lowerBound..<integer.content.upperBound].withUnsafeBufferPointer { buffer -> EncodedVersion? in
            var p: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let value = d2i_ASN1_INTEGER(nil, &p, buffer.count) else { return nil }
            defer { ASN1_INTEGER_free(value) }
            var int64: Int64 = 0
            let fits = ASN1_INTEGER_get_int64(&int64, value) == 1
            OpenSSLErrors.clear()  // "too large" when it does not fit
            return EncodedVersion(value: fits ? Int(int64) : nil, text: fits ? String(int64) : decimalString(value))
        }
    }
}

extension OCSPBasicResponse {
    /// Digests a mislabelled signature is tried with: CA responders have declared SHA-256
    /// and signed over SHA-1, and the reverse.
    private static let candidateDigests = ["sha1", "sha256", "sha384", "sha512", "sha224"]

    /// After a signature failed with its declared algorithm: the digest with which the
    /// signer's key does verify it over tbsResponseData, if any. OpenSSL checks each try.
    func digestThatVerifies(with signer: X509Certificate) -> String? {
        signer.withPointer { signerPointer -> String? in
            guard let key = X509_get0_pubkey(signerPointer), let respdata = OCSP_resp_get0_respdata(pointer),
                  let signature = OCSP_resp_get0_signature(pointer) else { return nil }
            var out: UnsafeMutablePointer<UInt8>?
            let n = i2d_OCSP_RESPDATA(respdata, &out)
            guard n > 0, let out else { return nil }
            defer { sc_OPENSSL_free(out) }
            let signatureBytes = asn1StringBytes(signature)
            defer { OpenSSLErrors.clear() }
            for name in Self.candidateDigests {
                guard let digest = EVP_get_digestbyname(name), let ctx = EVP_MD_CTX_new() else { continue }
                defer { EVP_MD_CTX_free(ctx) }
                guard EVP_DigestVerifyInit(ctx, nil, digest, nil, key) == 1 else { continue }
                if EVP_DigestVerify(ctx, signatureBytes, signatureBytes.count, out, Int(n)) == 1 { return name }
            }
            return nil
        }
    }
}

/// Owns one `OCSP_BASICRESP*`.
final class OCSPBasicResponse: OpenSSLOwner {
    private let pointer: OpaquePointer

    init(takingOwnership pointer: OpaquePointer) { self.pointer = pointer }

    deinit { OCSP_BASICRESP_free(pointer) }

    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try withExtendedLifetime(self) { () throws(E) -> T in try body(pointer) }
    }

    /// The status part of the SingleResponse at `index`, copied out while this owner holds it.
    func singleStatus(at index: Int32) -> SingleStatus? {
        OCSP_resp_get0(pointer, index).map(SingleStatus.init)
    }
}
