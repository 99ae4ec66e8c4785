#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the certificate's CRL said.
public struct CRLInfo: Codable, Sendable, Equatable {
    public var url: String
    @ExplicitNull public var httpStatus: Int? = nil
    public var bytes: Int
    public var latencyMs: Int
    public var result: AttemptResult
    /// good or revoked; nil when the CRL could not be read or verified.
    @ExplicitNull public var certStatus: CertStatus? = nil
    @ExplicitNull public var revocationTime: Date? = nil
    @ExplicitNull public var revocationReason: RevocationReason? = nil
    @ExplicitNull public var thisUpdate: Date? = nil
    @ExplicitNull public var nextUpdate: Date? = nil
    /// The CRL's signature verifies with the certificate issuer's key, and it names that issuer.
    public var signatureValid: Bool
    @ExplicitNull public var issuer: String? = nil
    @ExplicitNull public var revokedCount: Int? = nil
    @ExplicitNull public var error: String? = nil
}
