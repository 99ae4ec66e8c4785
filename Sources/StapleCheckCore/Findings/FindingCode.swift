/// A stable machine-readable finding code ("staple-expired"). Codes are a contract with
/// users' scripts: never rename one; add new ones freely.
public struct FindingCode: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension FindingCode {
    public static let stapleMissing: Self = "staple-missing"
    public static let mustStapleMissing: Self = "must-staple-missing"
    public static let noOCSPURL: Self = "no-ocsp-url"
    public static let mustStapleNoOCSPURL: Self = "must-staple-no-ocsp-url"
    public static let statusRequestRejected: Self = "status-request-rejected"
    public static let stapleMalformed: Self = "staple-malformed"
    public static let stapleUnsuccessful: Self = "staple-unsuccessful"
    public static let stapleUnsupportedType: Self = "staple-unsupported-type"
    public static let stapleWrongCertificate: Self = "staple-wrong-certificate"
    public static let stapleRevoked: Self = "staple-revoked"
    public static let stapleUnknown: Self = "staple-unknown"
    public static let stapleSignatureInvalid: Self = "staple-signature-invalid"
    public static let stapleSignerUnauthorized: Self = "staple-signer-unauthorized"
    public static let stapleExpired: Self = "staple-expired"
    public static let stapleNotYetValid: Self = "staple-not-yet-valid"
    public static let stapleExpiringSoon: Self = "staple-expiring-soon"
    public static let stapleNoNextUpdate: Self = "staple-no-next-update"
    public static let stapleUnsupportedVersion: Self = "staple-unsupported-version"
    public static let stapleUnknownCriticalExtension: Self = "staple-unknown-critical-extension"
    public static let stapleUnverified: Self = "staple-unverified"
    public static let certificateExpired: Self = "certificate-expired"
    public static let certificateNotYetValid: Self = "certificate-not-yet-valid"
    public static let certificateShortLived: Self = "certificate-short-lived"
    public static let stapleStaleGood: Self = "staple-stale-good"
    public static let stapleNotRefreshed: Self = "staple-not-refreshed"
    public static let responderRevoked: Self = "responder-revoked"
    public static let responderUnknown: Self = "responder-unknown"
    public static let responderUnreachable: Self = "responder-unreachable"
    public static let responderHTTPError: Self = "responder-http-error"
    public static let responderMalformed: Self = "responder-malformed"
    public static let responderUnsuccessful: Self = "responder-unsuccessful"
    public static let responderInvalid: Self = "responder-invalid"
    public static let responderContentType: Self = "responder-content-type"
    public static let responderFlaky: Self = "responder-flaky"
    public static let responderSlow: Self = "responder-slow"
    public static let responderShortValidity: Self = "responder-short-validity"
    public static let responderNoOverlap: Self = "responder-no-overlap"
    public static let responderSignatureAlgorithmMismatch: Self = "responder-signature-algorithm-mismatch"
    public static let responderExtraCertificates: Self = "responder-extra-certificates"
    public static let responderSignerExpiring: Self = "responder-signer-expiring"
    public static let responderSignerNoNoCheck: Self = "responder-signer-no-nocheck"
    public static let responderSignerNoOCSPSigning: Self = "responder-signer-no-ocsp-signing"
    public static let responderNonceIgnored: Self = "responder-nonce-ignored"
    public static let crlRevoked: Self = "crl-revoked"
    public static let crlStale: Self = "crl-stale"
    public static let crlUnreachable: Self = "crl-unreachable"
    public static let crlInvalid: Self = "crl-invalid"
    public static let issuerUnavailable: Self = "issuer-unavailable"
    public static let chainUntrusted: Self = "chain-untrusted"
}
