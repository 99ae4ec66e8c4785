/// Where a batch's items come from: one at a time, as the runner's workers ask for them, so
/// that a long list is never held as items (each carries its options) and a list on a pipe
/// is checked while it is still being written.
public protocol BatchSource: AnyObject {
    /// The next item; nil once there are no more. The runner calls it from one thread at a
    /// time, never after it has returned nil.
    func next() -> BatchItem?

    /// How many items there are in all, when known before the batch starts (a list read
    /// whole); nil for a stream, whose length the runner learns when `next()` returns nil.
    var total: Int? { get }
}

/// The items of a list already in memory (tests, and callers of the library).
public final class BatchItemList: BatchSource {
    private let items: [BatchItem]
    private var position = 0

    public init(_ items: [BatchItem]) {
        self.items = items
    }

    public func next() -> BatchItem? {
        guard position < items.count else { return nil }
        defer { position += 1 }
        return items[position]
    }

    public var total: Int? { items.count }
}
