#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

public struct TLSInfo: Codable, Sendable, Equatable {
    /// "TLSv1.3", "TLSv1.2".
    public var version: String
    public var cipher: String
}
