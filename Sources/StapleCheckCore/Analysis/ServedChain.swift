#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The certificates a server sent, parsed, with the chain verified once.
struct ServedChain {
    let certificates: [X509Certificate]
    let verification: ChainVerification

    var leaf: X509Certificate { certificates[0] }

    /// nil when the server sent no certificate or one that does not parse.
    init?(_ chainDER: [[UInt8]], store: TrustStore) {
        let certificates = chainDER.compactMap { X509Certificate(der: $0) }
        guard let leaf = certificates.first, certificates.count == chainDER.count else { return nil }
        self.certificates = certificates
        verification = ChainVerification(leaf: leaf, served: certificates, store: store)
    }

    func revocationSubject(store: TrustStore) -> RevocationSubject {
        RevocationSubject(leaf: leaf, issuer: verification.issuer, untrusted: Array(certificates.dropFirst()),
                          chainTrusted: verification.trusted, store: store)
    }
}
