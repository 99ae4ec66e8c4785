#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How one request to a responder or CRL distribution point ended. Stable strings.
public enum AttemptResult: String, Codable, Sendable {
    /// A response that verifies (whatever status it gives).
    case ok
    case unreachable, timeout
    case httpError = "http-error"
    case tooLarge = "too-large"
    case redirects
    /// A URL or redirect to anything but http or https.
    case refusedScheme = "refused-scheme"
    /// The body is not an OCSP response (or CRL).
    case malformed
    /// An OCSP error status (tryLater, unauthorized, …).
    case unsuccessful
    /// Parsed, but fails verification: signature, authorisation, CertID or time window.
    case invalid

    init(_ kind: HTTPFailure.Kind) {
        switch kind {
        case .unreachable: self = .unreachable
        case .timeout: self = .timeout
        case .tooLarge: self = .tooLarge
        case .redirects: self = .redirects
        case .refusedScheme: self = .refusedScheme
        }
    }

    /// The request never produced an HTTP answer.
    var isTransport: Bool { [.unreachable, .timeout, .tooLarge, .redirects, .refusedScheme].contains(self) }
}

/// One HTTP request to an OCSP responder.
public struct LiveAttempt: Codable, Sendable, Equatable {
    public var url: String
    public var method: HTTPRequest.Method
    /// nil when no HTTP answer came.
    public var httpStatus: Int?
    public var contentType: String?
    public var bytes: Int
    public var latencyMs: Int
    public var result: AttemptResult
    public var error: String?
    public var certStatus: CertStatus?
    public var thisUpdate: Date?
    public var nextUpdate: Date?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(method, forKey: .method)
        try c.encode(httpStatus, forKey: .httpStatus)
        try c.encode(contentType, forKey: .contentType)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(latencyMs, forKey: .latencyMs)
        try c.encode(result, forKey: .result)
        try c.encode(error, forKey: .error)
        try c.encode(certStatus, forKey: .certStatus)
        try c.encode(thisUpdate, forKey: .thisUpdate)
        try c.encode(nextUpdate, forKey: .nextUpdate)
    }
}

/// What the certificate's own OCSP responder said, asked directly. The top-level fields
/// describe the chosen answer: the first that verified, else the first readable one, else
/// the last attempt.
public struct LiveInfo: Codable, Sendable, Equatable {
    public var hashAlgorithm: OCSPHashAlgorithm
    public var url: String?
    public var method: HTTPRequest.Method?
    public var httpStatus: Int?
    public var contentType: String?
    public var latencyMs: Int?
    public var result: AttemptResult?
    public var certStatus: CertStatus?
    public var producedAt: Date?
    public var thisUpdate: Date?
    public var nextUpdate: Date?
    public var revocationTime: Date?
    public var revocationReason: String?
    /// With --nonce: whether the responder echoed it; nil without.
    public var nonceEchoed: Bool?
    /// The chosen response, analysed exactly like a staple.
    public var response: StapleInfo?
    public var attempts: [LiveAttempt]
    /// Requests that did not end `ok`.
    public var failedAttempts: Int
    /// Why no request was sent, when none was (no OCSP URL, issuer unknown, time spent).
    public var error: String?

    init(hashAlgorithm: OCSPHashAlgorithm) {
        self.hashAlgorithm = hashAlgorithm
        attempts = []
        failedAttempts = 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hashAlgorithm, forKey: .hashAlgorithm)
        try c.encode(url, forKey: .url)
        try c.encode(method, forKey: .method)
        try c.encode(httpStatus, forKey: .httpStatus)
        try c.encode(contentType, forKey: .contentType)
        try c.encode(latencyMs, forKey: .latencyMs)
        try c.encode(result, forKey: .result)
        try c.encode(certStatus, forKey: .certStatus)
        try c.encode(producedAt, forKey: .producedAt)
        try c.encode(thisUpdate, forKey: .thisUpdate)
        try c.encode(nextUpdate, forKey: .nextUpdate)
        try c.encode(revocationTime, forKey: .revocationTime)
        try c.encode(revocationReason, forKey: .revocationReason)
        try c.encode(nonceEchoed, forKey: .nonceEchoed)
        try c.encode(response, forKey: .response)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(failedAttempts, forKey: .failedAttempts)
        try c.encode(error, forKey: .error)
    }
}

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

/// What to ask the CA besides looking at the staple.
public struct RevocationOptions: Sendable {
    /// Query the certificate's OCSP responders (`--no-live` turns it off).
    public var live: Bool
    public var hash: OCSPHashAlgorithm
    public var nonce: Bool
    /// Rounds of requests per responder URL (`--responder-probes`).
    public var probes: Int
    /// Warn when the staple is older than the responder's current answer by more than this.
    public var staleAfter: TimeInterval
    /// Check the CRL even when the certificate has an OCSP URL (`--crl`).
    public var forceCRL: Bool
    public var http: any HTTPClient

    public init(live: Bool = true, hash: OCSPHashAlgorithm = .sha1, nonce: Bool = false, probes: Int = 1,
                staleAfter: TimeInterval = 24 * 3600, forceCRL: Bool = false, http: any HTTPClient = CurlHTTPClient()) {
        self.live = live
        self.hash = hash
        self.nonce = nonce
        self.probes = probes
        self.staleAfter = staleAfter
        self.forceCRL = forceCRL
        self.http = http
    }

    /// Nothing is asked of the network.
    public static let offline = RevocationOptions(live: false)

    /// Whether anything is asked of the network at all.
    var asksCA: Bool { live || forceCRL }

    /// The CRL is consulted when asked, or when live checks are on and there is no OCSP URL.
    func wantsCRL(_ certificate: CertificateInfo) -> Bool {
        forceCRL || (live && certificate.ocspURLs.isEmpty)
    }
}
