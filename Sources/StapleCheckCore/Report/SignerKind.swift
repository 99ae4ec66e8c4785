#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Who signed the response, as far as verification could establish.
public enum SignerKind: String, Codable, Sendable {
    /// The CA that issued the certificate.
    case issuer
    /// A responder certificate issued by that CA for OCSP signing (id-kp-OCSPSigning).
    case delegated
    /// Anything else, or a signer that could not be verified.
    case untrusted
}
