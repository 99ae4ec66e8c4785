#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public struct ExtensionDetail: Codable, Sendable, Equatable {
    public var oid: String
    /// OpenSSL's name for it, when it has one ("OCSP Nonce", "CT Certificate SCTs").
    public var name: String?
    public var critical: Bool
    /// The extnValue contents, hex.
    public var value: String
}
