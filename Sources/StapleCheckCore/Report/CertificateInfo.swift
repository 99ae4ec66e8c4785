#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Facts about a certificate (the served leaf, or a file given to `inspect`).
public struct CertificateInfo: Codable, Sendable, Equatable {
    public var subject: String
    public var issuer: String
    /// Upper-case hex without separators.
    public var serialNumber: String
    /// The validity; null when the field is there but cannot be decoded (a certificate
    /// always has both): certificate-malformed says so.
    @ExplicitNull public var notBefore: Date? = nil
    @ExplicitNull public var notAfter: Date? = nil
    public var subjectAltNames: [String]
    /// The usable OCSP responder URLs the certificate names (its AIA extension).
    public var ocspURLs: [String]
    public var crlURLs: [String]
    /// The TLS Feature extension (RFC 7633) lists status_request (5).
    public var mustStaple: Bool
    /// Every TLS feature listed, by name where known ("status_request", "status_request_v2").
    public var tlsFeatures: [String]
    public var keyType: String
    public var signatureAlgorithm: String
    public var sha256Fingerprint: String
    /// OCSP URLs the certificate names that are not usable URLs (a NUL, control or
    /// non-ASCII byte), each byte outside printable ASCII written `\xNN`.
    public var invalidOCSPURLs: [String] = []
    /// notAfter − notBefore, in days.
    public var lifetimeDays: Double? = nil
    /// Lifetime of 10 days or less: revocation information is optional for it.
    public var shortLived: Bool = false
}
