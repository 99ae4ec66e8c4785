/// The handshakes made for one endpoint: how many, how many were stapled, and the order.
public struct HandshakeTally: Codable, Sendable, Equatable {
    public var count: Int
    public var stapled: Int
    /// One entry per handshake, in the order they were made: true when it carried a staple.
    public var sequence: [Bool]

    public init(sequence: [Bool]) {
        self.sequence = sequence
        count = sequence.count
        stapled = sequence.filter { $0 }.count
    }
}
