#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the certificate's own OCSP responder said, asked directly. The top-level fields
/// describe the chosen answer: the first that verified, else the first readable one, else
/// the last attempt.
public struct LiveInfo: Codable, Sendable, Equatable {
    public var hashAlgorithm: OCSPHashAlgorithm
    public var url: String?
    public var method: HTTPMethod?
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
