#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

public struct ToolInfo: Codable, Sendable, Equatable {
    public var name: String
    public var version: String

    public static let current = ToolInfo(name: "staplecheck", version: StapleCheck.version)
}

public enum StapleCheck {
    public static let version = "0.1.0"
    /// Bumped only when a field is removed or changes meaning; new fields do not bump it.
    public static let schemaVersion = 1
}
