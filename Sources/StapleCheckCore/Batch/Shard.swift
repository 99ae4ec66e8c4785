/// `--shard K/N`: the K-th (1-based) of N deterministic slices of a target list. The target
/// at 0-based position i (counting every target line, malformed ones included, but not
/// comments or blank lines) belongs to shard `i % N + 1`, so the N shards are disjoint and
/// together the whole list, however it is spread over machines.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1...count.
    public var number: Int
    public var count: Int

    public static let whole = Shard(number: 1, count: 1)

    public init(number: Int, count: Int) {
        self.number = number
        self.count = count
    }

    /// Parses `K/N` with 1 ≤ K ≤ N; nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(number) else {
            return nil
        }
        self.init(number: number, count: count)
    }

    public func includes(_ index: Int) -> Bool { index % count == number - 1 }

    /// How many of the positions 0..<`length` are in this shard.
    public func share(of length: Int) -> Int { length / count + (length % count >= number ? 1 : 0) }

    public var description: String { "\(number)/\(count)" }
}
