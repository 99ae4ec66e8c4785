#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Whether the served chain verifies against the trust store.
public struct ChainInfo: Codable, Sendable, Equatable {
    /// Certificates the server sent, leaf first.
    public var servedCount: Int
    public var trusted: Bool
    /// OpenSSL's reason when not trusted.
    public var verifyError: String?
    /// Subject of the leaf's issuer, when it could be found (served or in the trust store).
    public var issuer: String?
}
