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
