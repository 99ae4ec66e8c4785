#if canImport(Glibc)
import Glibc
#endif

/// Runs the checks of a batch, `concurrency` at a time, on a bounded pool of threads sharing
/// one trust store, and hands each result over as soon as it is complete: memory holds the
/// items and the checks in flight, never the results.
///
/// `render` runs on the thread that made the check, outside any lock (formatting a report
/// is work too, and must not keep the other threads waiting). `deliver` and the `tick` and
/// `finish` closures of `run` are called with the runner's lock held, so they run one at a
/// time and never during one another: a result is written whole, and once `finish` has run
/// nothing more is delivered.
public final class BatchRunner: @unchecked Sendable {  // every var below is read and written under `monitor` only
    /// How a batch ended.
    public struct Outcome: Sendable, Equatable {
        /// The signal that stopped it early (`stop(signal:)`); nil when every target ran.
        public var signal: Int32?
        public var completed: Int
        /// Checks still running when the batch stopped: left unfinished, not reported.
        public var abandoned: Int
        /// Targets never started because the batch stopped.
        public var notStarted: Int
    }

    /// How long running checks may take to finish once the batch is stopped.
    public static let stopGrace = 1.0

    private let items: [BatchItem]
    private let concurrency: Int
    private let checker: Checker
    private let trust: LoadedTrust?
    private let monitor = Monitor()
    // The state below is the monitor's.
    private var next = 0
    private var workers = 0
    private var inFlight = 0
    private var completed = 0
    private var stopSignal: Int32?
    private var stoppedAt = 0.0
    private var closed = false
    private var render: @Sendable (BatchResult) -> String = { _ in "" }
    private var deliver: (BatchResult, String) -> Void = { _, _ in }

    public init(items: [BatchItem], concurrency: Int, checker: Checker = Checker(), trust: LoadedTrust?) {
        self.items = items
        self.concurrency = max(1, concurrency)
        self.checker = checker
        self.trust = trust
    }

    /// Runs every item and returns when all are done — or, after `stop(signal:)`, when the
    /// running checks have finished or `stopGrace` has passed. `tick` is called about every
    /// `tickInterval` seconds while waiting (a progress display); `finish` last, after which
    /// no result is delivered any more (a check abandoned at the stop ends with the process).
    public func run(render: @escaping @Sendable (BatchResult) -> String, deliver: @escaping (BatchResult, String) -> Void,
                    tickInterval: Double = 0.2, tick: () -> Void = {}, finish: (Outcome) -> Void) -> Outcome {
        monitor.locked {
            self.render = render
            self.deliver = deliver
            let wanted = min(concurrency, items.count)
            for _ in 0..<wanted {
                guard WorkerThread.start({ [self] in work() }) != nil else { break }
                workers += 1
            }
        }
        if monitor.locked({ workers == 0 && !items.isEmpty }) { work(inline: true) }  // no thread at all: this one
        return monitor.locked {
            while workers > 0 {
                if stopSignal != nil, Monitor.now - stoppedAt >= Self.stopGrace { break }
                monitor.wait(seconds: stopSignal == nil ? tickInterval : min(tickInterval, max(0.01, stoppedAt + Self.stopGrace - Monitor.now)))
                tick()
            }
            let outcome = Outcome(signal: stopSignal, completed: completed, abandoned: inFlight, notStarted: items.count - next)
            finish(outcome)
            closed = true
            return outcome
        }
    }

    /// Stops starting checks (called on SIGINT or SIGTERM, from any thread). Only the first
    /// call counts.
    public func stop(signal: Int32) {
        monitor.locked {
            guard stopSignal == nil else { return }
            stopSignal = signal
            stoppedAt = Monitor.now
            monitor.broadcast()
        }
    }

    /// One worker: takes the next item until none is left or the batch is stopped.
    private func work(inline: Bool = false) {
        while true {
            let taken: Int? = monitor.locked {
                guard stopSignal == nil, next < items.count else { return nil }
                next += 1
                inFlight += 1
                return next - 1
            }
            guard let index = taken else {
                // A thread's OpenSSL state is freed before the count says it is done: the
                // process may exit as soon as the last worker is counted out.
                if !inline { OpenSSLThread.releaseState() }
                monitor.locked {
                    if !inline { workers -= 1 }
                    monitor.broadcast()
                }
                return
            }
            let item = items[index]
            let report: Report
            switch item.work {
            case .check(let target, let options): report = checker.check(target, options: options, trust: trust)
            case .failed(let failed): report = failed
            }
            let result = BatchResult(index: item.index, input: item.input, report: report)
            let rendered = render(result)
            monitor.locked {
                inFlight -= 1
                guard !closed else { return }
                completed += 1
                deliver(result, rendered)
                monitor.broadcast()
            }
        }
    }
}
