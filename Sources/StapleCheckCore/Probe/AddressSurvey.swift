/// Every handshake made with one address, in the order they were made, or why the address
/// could not be checked. Plain data: the analysis judges it.
public struct AddressSurvey: Sendable, Equatable {
    /// "127.0.0.2:443", "[::1]:443".
    public var address: String
    /// Every completed handshake, in order.
    public var captures: [HandshakeCapture]
    /// Each time the server offered STARTTLS and refused it (`starttls-refused`).
    public var refusals: [StartTLSRefusal]
    /// Set when no handshake with this address completed, and STARTTLS was not refused.
    public var error: CheckError?

    public init(address: String, captures: [HandshakeCapture], refusals: [StartTLSRefusal] = [], error: CheckError? = nil) {
        self.address = address
        self.captures = captures
        self.refusals = refusals
        self.error = error
    }
}
