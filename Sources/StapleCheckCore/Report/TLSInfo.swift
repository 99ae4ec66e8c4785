#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

public struct TLSInfo: Codable, Sendable, Equatable {
    public var version: TLSVersion
    public var cipher: String
}
