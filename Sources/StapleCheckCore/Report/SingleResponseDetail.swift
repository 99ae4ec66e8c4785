#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public struct SingleResponseDetail: Codable, Sendable, Equatable {
    public var hashAlgorithm: String
    public var issuerNameHash: String
    public var issuerKeyHash: String
    public var serialNumber: String
    public var certStatus: CertStatus
    public var revocationTime: Date?
    public var revocationReason: RevocationReason?
    public var thisUpdate: Date?
    public var nextUpdate: Date?
    public var extensions: [ExtensionDetail]
    /// Times present but impossible to decode ("thisUpdate", "nextUpdate", "revocationTime").
    public var unreadableTimes: [String] = []
}
