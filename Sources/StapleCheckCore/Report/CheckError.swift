#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Why no check could be made.
public struct CheckError: Error, Codable, Sendable, Equatable {
    /// Stable machine code: dns, refused, unreachable, timeout, not-tls, handshake, closed,
    /// protocol-version, io, input.
    public var code: String
    public var message: String
    /// The address the failure happened at, when a connection was attempted.
    public var address: String?

    public init(code: String, message: String, address: String? = nil) {
        self.code = code
        self.message = message
        self.address = address
    }

    public static func == (a: CheckError, b: CheckError) -> Bool { a.code == b.code }
}
