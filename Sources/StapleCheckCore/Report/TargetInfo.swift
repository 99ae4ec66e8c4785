#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// What was checked.
public struct TargetInfo: Codable, Sendable, Equatable {
    /// The host as the user gave it (name or IP literal, without brackets).
    public var host: String
    public var port: Int
    /// The address actually connected to ("192.0.2.1:443", "[2001:db8::1]:443"); nil when
    /// no connection was made.
    @ExplicitNull public var address: String? = nil
    /// The SNI sent; nil when none was sent.
    @ExplicitNull public var serverName: String? = nil
    /// The STARTTLS protocol spoken before the handshake ("smtp", "imap", …); nil for
    /// direct TLS.
    @ExplicitNull public var starttls: StartTLSProtocol? = nil

    public init(host: String, port: Int, address: String? = nil, serverName: String? = nil, starttls: StartTLSProtocol? = nil) {
        self.host = host
        self.port = port
        self.address = address
        self.serverName = serverName
        self.starttls = starttls
    }
}
