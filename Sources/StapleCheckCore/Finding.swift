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

/// One problem (or notable fact) found by a check.
public struct Finding: Codable, Sendable, Equatable {
    public var code: FindingCode
    public var severity: Severity
    /// One sentence: what is wrong and why it matters.
    public var message: String
    /// A concrete remedy, when there is one.
    public var fix: String?

    public init(code: FindingCode, severity: Severity, message: String, fix: String? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.fix = fix
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(fix, forKey: .fix)
    }
}

/// Every finding code this version can emit, with its usual severity and a short title:
/// the source of the README's findings table (a test keeps the two in step).
public struct FindingKind: Sendable {
    public var code: FindingCode
    public var severity: String
    public var title: String

    public static let all: [FindingKind] = [
        .init(code: .stapleMissing, severity: "warning (critical with --require-staple)", title: "The server sent no OCSP staple."),
        .init(code: .mustStapleMissing, severity: "critical", title: "Must-staple certificate served without a staple: Firefox refuses the connection."),
        .init(code: .noOCSPURL, severity: "info", title: "The certificate names no OCSP responder (CRL-only CA): stapling does not apply."),
        .init(code: .mustStapleNoOCSPURL, severity: "critical", title: "Must-staple certificate without an OCSP URL: no valid staple can ever exist."),
        .init(code: .statusRequestRejected, severity: "critical", title: "The handshake fails whenever the client asks for OCSP status."),
        .init(code: .stapleMalformed, severity: "critical", title: "The staple is not a readable DER OCSPResponse."),
        .init(code: .stapleUnsuccessful, severity: "critical", title: "The staple is an error response (tryLater, unauthorized, …), not a status."),
        .init(code: .stapleUnsupportedType, severity: "critical", title: "The staple's response type is not id-pkix-ocsp-basic."),
        .init(code: .stapleWrongCertificate, severity: "critical", title: "The staple is about another certificate (stale after a renewal, or wrong issuer)."),
        .init(code: .stapleRevoked, severity: "critical", title: "The staple says the certificate is revoked."),
        .init(code: .stapleUnknown, severity: "critical", title: "The responder does not know the certificate."),
        .init(code: .stapleSignatureInvalid, severity: "critical", title: "The staple's signature does not verify."),
        .init(code: .stapleSignerUnauthorized, severity: "critical (warning when the whole chain is untrusted)", title: "The staple was signed by a responder not authorised for this certificate's issuer."),
        .init(code: .stapleExpired, severity: "critical", title: "The staple's nextUpdate has passed."),
        .init(code: .stapleNotYetValid, severity: "critical", title: "The staple's thisUpdate is in the future."),
        .init(code: .stapleExpiringSoon, severity: "warning", title: "The staple expires within --warn-within (default 24h)."),
        .init(code: .stapleNoNextUpdate, severity: "warning", title: "The staple has no nextUpdate, so freshness cannot be judged."),
        .init(code: .stapleUnsupportedVersion, severity: "critical", title: "The response declares a version other than v1."),
        .init(code: .stapleUnknownCriticalExtension, severity: "critical", title: "The response carries a critical extension clients do not understand."),
        .init(code: .stapleUnverified, severity: "info (warning when a signer was found but could not be verified)", title: "`inspect` could not check the signature or the certificate match for want of --issuer / --cert."),
        .init(code: .certificateExpired, severity: "critical", title: "`inspect`: the certificate has expired."),
        .init(code: .certificateNotYetValid, severity: "critical", title: "`inspect`: the certificate is not valid yet."),
        .init(code: .certificateShortLived, severity: "info", title: "`inspect`: a lifetime of 10 days or less; revocation information is optional."),
        .init(code: .stapleStaleGood, severity: "critical", title: "The staple says good, but the CA's responder now says revoked."),
        .init(code: .stapleNotRefreshed, severity: "warning", title: "The staple is older than the responder's current answer by more than --stale-after (default 24h)."),
        .init(code: .responderRevoked, severity: "critical", title: "The CA's responder says the certificate is revoked."),
        .init(code: .responderUnknown, severity: "warning (critical for must-staple without a valid staple)", title: "The CA's responder does not know the certificate."),
        .init(code: .responderUnreachable, severity: "warning (critical for must-staple without a valid staple)", title: "The OCSP responder could not be asked: connection refused or failed, timeout."),
        .init(code: .responderHTTPError, severity: "warning (critical for must-staple without a valid staple)", title: "The OCSP responder answered with an HTTP error (404, 500, …), too many redirects, a redirect off http(s), or an oversized body."),
        .init(code: .responderMalformed, severity: "warning (critical for must-staple without a valid staple)", title: "The OCSP responder's answer is not an OCSP response."),
        .init(code: .responderUnsuccessful, severity: "warning (critical for must-staple without a valid staple)", title: "The OCSP responder answered tryLater, unauthorized or another error status."),
        .init(code: .responderInvalid, severity: "warning (critical for must-staple without a valid staple)", title: "The OCSP responder's answer fails verification (signature, signer, CertID, window)."),
        .init(code: .responderContentType, severity: "warning", title: "The OCSP responder's Content-Type is not application/ocsp-response."),
        .init(code: .responderFlaky, severity: "warning", title: "Some requests to the responder failed and others succeeded (a bad node behind a load balancer)."),
        .init(code: .responderSlow, severity: "warning", title: "The OCSP responder took over 2 s to answer."),
        .init(code: .responderShortValidity, severity: "warning", title: "The responder's answers are valid for under 4 hours."),
        .init(code: .responderNoOverlap, severity: "warning", title: "The responder's current answer has under a quarter of its validity left: responses do not overlap."),
        .init(code: .responderSignatureAlgorithmMismatch, severity: "warning", title: "The responder declares one signature algorithm and signs with another digest."),
        .init(code: .responderExtraCertificates, severity: "info", title: "The responder embeds more certificates than its signer needs."),
        .init(code: .responderSignerExpiring, severity: "warning", title: "The delegated responder certificate expires within 7 days or before the response's nextUpdate."),
        .init(code: .responderSignerNoNoCheck, severity: "warning", title: "The delegated responder certificate lacks id-pkix-ocsp-nocheck."),
        .init(code: .responderSignerNoOCSPSigning, severity: "warning", title: "The responder signs with a certificate that lacks id-kp-OCSPSigning."),
        .init(code: .responderNonceIgnored, severity: "info", title: "With --nonce: the responder did not echo the nonce (pre-computed responses)."),
        .init(code: .crlRevoked, severity: "critical", title: "The CA's CRL lists the certificate as revoked."),
        .init(code: .crlStale, severity: "warning", title: "The CRL's nextUpdate has passed."),
        .init(code: .crlUnreachable, severity: "warning", title: "The CRL could not be downloaded."),
        .init(code: .crlInvalid, severity: "warning", title: "The CRL is not a CRL, is signed by another issuer, or its signature does not verify."),
        .init(code: .issuerUnavailable, severity: "warning", title: "The issuer certificate was neither served nor in the trust store."),
        .init(code: .chainUntrusted, severity: "warning", title: "The served chain does not verify against the trust store."),
    ]
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
