internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the analysis knows about the certificate the staple should be about.
struct StapleSubject {
    /// The certificate the response should be about; nil when `inspect` was given none.
    var leaf: X509Certificate?
    var issuer: X509Certificate?
    /// Certificates that may help find and chain the signer (served chain, issuer).
    var untrusted: [X509Certificate]
    var chainTrusted: Bool
}
