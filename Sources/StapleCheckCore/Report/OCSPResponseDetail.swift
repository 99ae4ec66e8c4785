#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every field of an OCSP response, decoded for `inspect` (RFC 6960 §4.2.1).
public struct OCSPResponseDetail: Codable, Sendable, Equatable {
    public var responseStatus: OCSPResponseStatus
    /// basic, or the other responseType's OID; nil without responseBytes or when unreadable.
    public var responseType: OCSPResponseType?
    /// The tbsResponseData version as encoded: 0 is v1, the only version defined. nil when
    /// unreadable or beyond 64 bits (the staple-unsupported-version finding quotes it then).
    public var version: Int?
    public var responderID: String?
    public var producedAt: Date?
    public var responses: [SingleResponseDetail]
    public var extensions: [ExtensionDetail]
    public var signatureAlgorithm: String?
    public var certificates: [EmbeddedCertificate]
}
