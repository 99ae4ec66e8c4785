#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One HTTP request to an OCSP responder.
public struct LiveAttempt: Codable, Sendable, Equatable {
    public var url: String
    public var method: HTTPMethod
    /// nil when no HTTP answer came.
    @ExplicitNull public var httpStatus: Int? = nil
    @ExplicitNull public var contentType: String? = nil
    public var bytes: Int
    public var latencyMs: Int
    public var result: AttemptResult
    @ExplicitNull public var error: String? = nil
    @ExplicitNull public var certStatus: CertStatus? = nil
    @ExplicitNull public var thisUpdate: Date? = nil
    @ExplicitNull public var nextUpdate: Date? = nil
    /// Why and where the answer's bytes are broken, as `staple.parseError`.
    @ExplicitNull public var parseError: ParseError? = nil
}
