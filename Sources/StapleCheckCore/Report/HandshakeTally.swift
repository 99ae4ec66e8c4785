/// The handshakes made for one endpoint: how many, how many were stapled, and the order.
public struct HandshakeTally: Codable, Sendable, Equatable {
    public var count: Int
    public var stapled: Int
    /// One entry per handshake, in the order they were made: true when it carried a staple.
    public var sequence: [Bool]
    /// How many different staples (byte for byte) the stapled handshakes carried: 1 over
    /// several handshakes is a staple that never changes, as a static file does.
    public var distinctStaples: Int

    public init(sequence: [Bool], distinctStaples: Int = 0) {
        self.sequence = sequence
        self.distinctStaples = distinctStaples
        count = sequence.count
        stapled = sequence.filter { $0 }.count
    }
}
