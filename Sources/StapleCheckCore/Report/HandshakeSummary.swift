/// Every handshake of a check, over all endpoints: the stapling ratio (stapled handshakes
/// over handshakes) is the number a stapling service is run by.
public struct HandshakeSummary: Codable, Sendable, Equatable {
    public var count: Int
    public var stapled: Int
    /// stapled / count; nil when no handshake completed.
    @ExplicitNull public var ratio: Double? = nil

    public init(_ tallies: [HandshakeTally]) {
        count = tallies.map(\.count).reduce(0, +)
        stapled = tallies.map(\.stapled).reduce(0, +)
        ratio = count > 0 ? (Double(stapled) / Double(count) * 1000).rounded() / 1000 : nil
    }
}
