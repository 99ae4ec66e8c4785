internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The served chain checked against the trust store, with the leaf's issuer if it was found.
struct ChainVerification {
    var trusted: Bool
    var error: String?
    var issuer: X509Certificate?

    init(leaf: X509Certificate, served: [X509Certificate], store: TrustStore) {
        trusted = false
        error = nil
        issuer = nil
        guard let ctx = X509_STORE_CTX_new() else { return }
        defer { X509_STORE_CTX_free(ctx) }
        guard let untrusted = CertificateStack(Array(served.dropFirst())) else { return }
        OpenSSLErrors.clear()
        guard X509_STORE_CTX_init(ctx, store.pointer, leaf.pointer, untrusted.pointer) == 1 else {
            error = OpenSSLErrors.describe(OpenSSLErrors.drain(), fallback: "could not start chain verification")
            return
        }
        _ = X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER)
        trusted = X509_verify_cert(ctx) == 1
        if !trusted {
            error = String(cString: X509_verify_cert_error_string(Int(X509_STORE_CTX_get_error(ctx))))
        }
        OpenSSLErrors.clear()
        // The chain OpenSSL built stays readable after a failure; its second element is
        // the issuer, whether it came from the served certificates or the store.
        if let chain = X509_STORE_CTX_get0_chain(ctx), sc_sk_X509_num(chain) >= 2,
           let candidate = sc_sk_X509_value(chain, 1) {
            let wrapped = X509Certificate(borrowing: candidate)
            if wrapped.issued(leaf) { issuer = wrapped }
        }
        if issuer == nil {
            issuer = served.dropFirst().first { $0.issued(leaf) }
        }
    }
}
