/// Why one endpoint could not be checked.
public struct EndpointError: Codable, Sendable, Equatable {
    public enum Reason: String, Codable, Sendable, CaseIterable {
        /// This machine has no route to the address (IPv6 from a v4-only host): not checked,
        /// no fault of the server, and no finding.
        case notRoutable = "not-routable"
        /// The address refused, timed out or failed the handshake: a backend that is down
        /// (`address-unreachable`).
        case unreachable
    }

    /// The `error.code` of the top-level contract ("refused", "timeout", "unreachable", …).
    public var code: CheckError.Code
    public var message: String
    public var reason: Reason

    public init(_ error: CheckError) {
        code = error.code
        message = error.message
        reason = error.noLocalRoute ? .notRoutable : .unreachable
    }
}
