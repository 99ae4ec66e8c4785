/// How long a server check took, on the monotonic clock: what a monitoring system graphs
/// (`--format nagios` perfdata, `--format prometheus` series).
public struct CheckTiming: Codable, Sendable, Equatable {
    /// The whole check: resolution, every handshake, the CA's answers and the analysis.
    public var durationMs: Int
    /// The primary endpoint's first handshake, from the start of the TCP connection to the
    /// end of the TLS handshake (a STARTTLS dialogue included); nil when none completed.
    @ExplicitNull public var handshakeMs: Int? = nil

    public init(durationMs: Int, handshakeMs: Int? = nil) {
        self.durationMs = durationMs
        self.handshakeMs = handshakeMs
    }
}
