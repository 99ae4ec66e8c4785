internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The certificate whose status is asked of the CA, with what verifying an answer needs.
struct RevocationSubject {
    var leaf: X509Certificate
    var issuer: X509Certificate?
    /// Certificates that may help chain a responder's signer (served chain, issuer).
    var untrusted: [X509Certificate]
    var chainTrusted: Bool
    var store: TrustStore

    var stapleSubject: StapleSubject {
        StapleSubject(leaf: leaf, issuer: issuer, untrusted: untrusted, chainTrusted: chainTrusted)
    }
}
