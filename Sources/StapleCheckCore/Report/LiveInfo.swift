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
    @ExplicitNull public var url: String? = nil
    @ExplicitNull public var method: HTTPMethod? = nil
    @ExplicitNull public var httpStatus: Int? = nil
    @ExplicitNull public var contentType: String? = nil
    @ExplicitNull public var latencyMs: Int? = nil
    @ExplicitNull public var result: AttemptResult? = nil
    @ExplicitNull public var certStatus: CertStatus? = nil
    @ExplicitNull public var producedAt: Date? = nil
    @ExplicitNull public var thisUpdate: Date? = nil
    @ExplicitNull public var nextUpdate: Date? = nil
    @ExplicitNull public var revocationTime: Date? = nil
    @ExplicitNull public var revocationReason: RevocationReason? = nil
    /// With --nonce: whether the responder echoed it; nil without.
    @ExplicitNull public var nonceEchoed: Bool? = nil
    /// The chosen response, analysed exactly like a staple.
    @ExplicitNull public var response: StapleInfo? = nil
    public var attempts: [LiveAttempt]
    /// Requests that did not end `ok`.
    public var failedAttempts: Int
    /// Why no request was sent, when none was (no OCSP URL, issuer unknown, time spent).
    @ExplicitNull public var error: String? = nil

    init(hashAlgorithm: OCSPHashAlgorithm) {
        self.hashAlgorithm = hashAlgorithm
        attempts = []
        failedAttempts = 0
    }
}
