#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

public enum CertStatus: String, Codable, Sendable {
    case good, revoked, unknown
}
