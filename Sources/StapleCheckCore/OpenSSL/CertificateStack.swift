internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Owns a `STACK_OF(X509)` holding its own references; used as the "untrusted" set for
/// chain building and OCSP signer look-up.
final class CertificateStack: OpenSSLOwner {
    private let pointer: OpaquePointer

    init?(_ certificates: [X509Certificate]) {
        guard let stack = sc_sk_X509_new_null() else { return nil }
        pointer = stack
        for certificate in certificates {
            certificate.withPointer { x509 in
                X509_up_ref(x509)  // the stack holds its own reference, freed by pop_free
                if sc_sk_X509_push(stack, x509) == 0 { X509_free(x509) }
            }
        }
    }

    deinit { sc_sk_X509_pop_free(pointer) }

    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try withExtendedLifetime(self) { () throws(E) -> T in try body(pointer) }
    }
}
