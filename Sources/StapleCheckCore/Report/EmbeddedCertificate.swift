#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public struct EmbeddedCertificate: Codable, Sendable, Equatable {
    public var subject: String
    public var issuer: String
    public var serialNumber: String
    public var notBefore: Date?
    public var notAfter: Date?
    /// Extended key usage includes id-kp-OCSPSigning.
    public var ocspSigning: Bool
    /// Carries id-pkix-ocsp-nocheck.
    public var ocspNoCheck: Bool
}
