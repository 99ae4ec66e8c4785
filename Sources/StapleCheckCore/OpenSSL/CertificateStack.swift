internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Owns a `STACK_OF(X509)` holding its own references; used as the "untrusted" set for
/// chain building and OCSP signer look-up.
final class CertificateStack {
    let pointer: OpaquePointer

    init?(_ certificates: [X509Certificate]) {
        guard let stack = sc_sk_X509_new_null() else { return nil }
        pointer = stack
        for certificate in certificates {
            X509_up_ref(certificate.pointer)
            if sc_sk_X509_push(stack, certificate.pointer) == 0 { X509_free(certificate.pointer) }
        }
    }

    deinit { sc_sk_X509_pop_free(pointer) }
}
