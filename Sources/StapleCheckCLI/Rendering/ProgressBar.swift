import StapleCheckCore

#if canImport(Glibc)
import Glibc
#endif

/// The batch's progress on standard error — done/total, rate, ETA and the counts per verdict
/// so far (a list on a pipe: done/?, until it ends) — redrawn in place on one line. Only when standard error is a terminal (never in a
/// pipe or a CI log) and not with `--quiet`. Used under the batch's lock only.
final class ProgressBar {
    /// The list's length, once known.
    var total: Int?
    private let enabled: Bool
    private let started = ProgressBar.now
    private var lastDraw = 0.0
    private var shown = false

    init(total: Int?, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    /// On when standard error is a terminal and `--quiet` was not given.
    static func wanted(quiet: Bool) -> Bool { !quiet && isatty(STDERR_FILENO) == 1 }

    /// Redraws, at most ten times a second unless `force`.
    func draw(_ tally: BatchTally, force: Bool = false) {
        guard enabled else { return }
        let now = Self.now
        guard force || now - lastDraw >= 0.1 else { return }
        lastDraw = now
        FileOutput.standardError.write("\r" + Self.line(tally, total: total, elapsed: now - started) + "\u{1B}[K")
        shown = true
    }

    /// Takes the bar off the screen (before a result line, and at the end).
    func clear() {
        guard shown else { return }
        FileOutput.standardError.write("\r\u{1B}[K")
        shown = false
    }

    /// `[#######.............]  12/40  3.1/s  ETA 9s  ok 10  warning 1  critical 1  error 0`:
    /// short enough for an 80-column terminal.
    static func line(_ tally: BatchTally, total: Int?, elapsed: Double) -> String {
        let done = tally.done
        let width = 20
        let filled = total.map { $0 == 0 ? width : min(width, done * width / $0) } ?? 0
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? total.map { DurationFormat.compact(Double($0 - done) / rate) } ?? "?" : "?"
        let counts = Verdict.allCases.map { "\($0.rawValue) \(tally.count($0))" }.joined(separator: "  ")
        return "\(bar)  \(done)/\(total.map(String.init) ?? "?")  \(Self.rate(rate))/s  ETA \(eta)  \(counts)"
    }

    static func rate(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    static var now: Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
