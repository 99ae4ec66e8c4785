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
        (trusted, error, issuer) = Self.verify(leaf: leaf, served: served, store: store)
        if issuer == nil {
            issuer = served.dropFirst().first { $0.issued(leaf) }
        }
    }

    /// X509_verify_cert over the store, the leaf and the served intermediates; the three
    /// owners stay alive until the context that borrows them is freed.
    private static func verify(leaf: X509Certificate, served: [X509Certificate],
                               store: TrustStore) -> (trusted: Bool, error: String?, issuer: X509Certificate?) {
        guard let untrusted = CertificateStack(Array(served.dropFirst())), let ctx = X509_STORE_CTX_new() else {
            return (false, "could not allocate a verification context", nil)
        }
        defer { X509_STORE_CTX_free(ctx) }
        return withPointers(store, leaf, untrusted) { storePointer, leafPointer, untrustedPointer in
            OpenSSLErrors.clear()
            guard X509_STORE_CTX_init(ctx, storePointer, leafPointer, untrustedPointer) == 1 else {
                return (false, OpenSSLErrors.describe(OpenSSLErrors.drain(), fallback: "could not start chain verification"), nil)
            }
            defer { X509_STORE_CTX_cleanup(ctx) }
            _ = X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER)
            let trusted = X509_verify_cert(ctx) == 1
            let error = trusted ? nil : String(cString: X509_verify_cert_error_string(Int(X509_STORE_CTX_get_error(ctx))))
            OpenSSLErrors.clear()
            // The chain OpenSSL built stays readable after a failure; its second element is
            // the issuer, whether it came from the served certificates or the store.
            var issuer: X509Certificate?
            if let chain = X509_STORE_CTX_get0_chain(ctx), sc_sk_X509_num(chain) >= 2,
               let candidate = sc_sk_X509_value(chain, 1) {
                let wrapped = X509Certificate(borrowing: candidate)
                if wrapped.issued(leaf) { issuer = wrapped }
            }
            return (trusted, error, issuer)
        }
    }
}
