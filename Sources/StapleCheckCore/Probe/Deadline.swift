#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// A point in monotonic time by which the whole check must be done.
public struct Deadline: Sendable {
    private var end: timespec

    public init(seconds: Double) {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let total = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 + max(0, seconds)
        end = timespec(tv_sec: Int(total), tv_nsec: Int((total - Double(Int(total))) * 1e9))
    }

    public var remainingMilliseconds: Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let ms = (end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec) / 1_000_000
        return max(0, ms)
    }

    /// This deadline, or `seconds` from now if that comes first: one address's share of a check.
    public func capped(atMost seconds: Double) -> Deadline {
        let share = Deadline(seconds: seconds)
        return share.remainingMilliseconds < remainingMilliseconds ? share : self
    }
}
