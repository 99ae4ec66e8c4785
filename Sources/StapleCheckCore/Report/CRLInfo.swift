#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the certificate's CRL said.
public struct CRLInfo: Codable, Sendable, Equatable {
    public var url: String
    public var httpStatus: Int?
    public var bytes: Int
    public var latencyMs: Int
    public var result: AttemptResult
    /// good or revoked; nil when the CRL could not be read or verified.
    public var certStatus: CertStatus?
    public var revocationTime: Date?
    public var revocationReason: String?
    public var thisUpdate: Date?
    public var nextUpdate: Date?
    /// The CRL's signature verifies with the certificate issuer's key, and it names that issuer.
    public var signatureValid: Bool
    public var issuer: String?
    public var revokedCount: Int?
    public var error: String?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(httpStatus, forKey: .httpStatus)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(latencyMs, forKey: .latencyMs)
        try c.encode(result, forKey: .result)
        try c.encode(certStatus, forKey: .certStatus)
        try c.encode(revocationTime, forKey: .revocationTime)
        try c.encode(revocationReason, forKey: .revocationReason)
        try c.encode(thisUpdate, forKey: .thisUpdate)
        try c.encode(nextUpdate, forKey: .nextUpdate)
        try c.encode(signatureValid, forKey: .signatureValid)
        try c.encode(issuer, forKey: .issuer)
        try c.encode(revokedCount, forKey: .revokedCount)
        try c.encode(error, forKey: .error)
    }
}
