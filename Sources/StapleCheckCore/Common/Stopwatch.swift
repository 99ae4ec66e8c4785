/// Elapsed time on the monotonic clock, in whole milliseconds: how long a handshake, a
/// request or a whole check took. Never the wall clock, which `--at` and NTP may move.
struct Stopwatch {
    private let start = ContinuousClock.now

    var milliseconds: Int {
        let elapsed = start.duration(to: .now).components
        return Int(elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000)
    }
}
