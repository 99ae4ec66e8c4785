#if canImport(Glibc)
import Glibc
#endif

/// Runs the checks of a batch on a bounded pool of threads sharing one trust store, taking
/// the targets from a `BatchSource` as it goes and handing each result over as soon as it is
/// complete: memory holds the checks in progress, never the list or the results.
///
/// `concurrency` is the number of *turns*: checks that may be connecting, shaking hands or
/// asking a responder at once. A check waiting out its back-off (`Backoff`: the pause after
/// an unstapled handshake, up to 1.75 s, in which the server may fetch its staple) holds no
/// connection and gives its turn to the next target; when the pause is over it takes the
/// next free turn before any new target does. So at most `concurrency` connections are
/// open at a time, and at most `inProgressPerTurn` × `concurrency` targets are in progress.
/// With a concurrency of 1 there is one thread and the checks run strictly one after the
/// other, in the list's order.
///
/// `render` runs on the thread that made the check, outside any lock (formatting a report
/// is work too, and must not keep the other threads waiting). `deliver` and the `tick` and
/// `finish` closures of `run` are called with the runner's lock held, so they run one at a
/// time and never during one another: a result is written whole, and once `finish` has run
/// nothing more is delivered.
public final class BatchRunner: @unchecked Sendable {  // every var below is the monitor's; `source` is used by one worker at a time
    /// How a batch ended.
    public struct Outcome: Sendable, Equatable {
        /// The signal that stopped it early (`stop(signal:)`); nil when every target ran.
        public var signal: Int32?
        public var completed: Int
        /// Checks still running when the batch stopped: left unfinished, not reported.
        public var abandoned: Int
        /// Targets never started because the batch stopped; nil when that is not known (a
        /// list on standard input that was not read to its end).
        public var notStarted: Int?
        /// The number of targets in the list, when known (see `notStarted`).
        public var total: Int?
        /// The most turns held at once (never more than the concurrency), and the most
        /// targets in progress at once (those waiting out a back-off too).
        public var peakTurns = 0
        public var peakInProgress = 0

        public init(signal: Int32?, completed: Int, abandoned: Int, notStarted: Int?, total: Int?) {
            self.signal = signal
            self.completed = completed
            self.abandoned = abandoned
            self.notStarted = notStarted
            self.total = total
        }
    }

    /// How long running checks may take to finish once the batch is stopped.
    public static let stopGrace = 1.0
    /// Targets in progress per turn at most: the turn's own and those waiting out a back-off.
    public static let inProgressPerTurn = 4

    private let source: any BatchSource
    private let knownTotal: Int?
    private let concurrency: Int
    private let maxWorkers: Int
    private let checker: Checker
    private let trust: LoadedTrust?
    private let monitor = Monitor()
    // The state below is the monitor's (`source` is the reading worker's).
    private var started = 0
    private var exhausted = false
    private var workers = 0
    /// Workers waiting to read the next target.
    private var idle = 0
    /// A worker is reading the next target (`source.next()`, outside the monitor).
    private var reading = false
    /// Workers holding a turn.
    private var turns = 0
    /// Checks back from a back-off, waiting for a turn.
    private var resuming = 0
    private var inFlight = 0
    private var peakTurns = 0
    private var peakInProgress = 0
    private var completed = 0
    private var stopSignal: Int32?
    private var stoppedAt = 0.0
    private var closed = false
    private var render: @Sendable (BatchResult) -> String = { _ in "" }
    private var deliver: (BatchResult, String) -> Void = { _, _ in }

    public init(source: any BatchSource, concurrency: Int, checker: Checker = Checker(), trust: LoadedTrust?) {
        self.source = source
        knownTotal = source.total
        self.concurrency = max(1, concurrency)
        maxWorkers = self.concurrency == 1 ? 1 : self.concurrency * Self.inProgressPerTurn
        self.checker = checker
        self.trust = trust
    }

    public convenience init(items: [BatchItem], concurrency: Int, checker: Checker = Checker(), trust: LoadedTrust?) {
        self.init(source: BatchItemList(items), concurrency: concurrency, checker: checker, trust: trust)
    }

    /// Runs every item and returns when all are done — or, after `stop(signal:)`, when the
    /// running checks have finished or `stopGrace` has passed. `tick` is called about every
    /// `tickInterval` seconds while waiting (a progress display), with the number of targets
    /// as far as it is known; `finish` last, after which no result is delivered any more (a
    /// check abandoned at the stop ends with the process).
    public func run(render: @escaping @Sendable (BatchResult) -> String, deliver: @escaping (BatchResult, String) -> Void,
                    tickInterval: Double = 0.2, tick: (Int?) -> Void = { _ in }, finish: (Outcome) -> Void) -> Outcome {
        monitor.locked {
            self.render = render
            self.deliver = deliver
            for _ in 0..<min(concurrency, knownTotal ?? concurrency) {
                guard spawn() else { break }
            }
        }
        if monitor.locked({ workers == 0 && knownTotal != 0 }) { work(inline: true) }  // no thread at all: this one
        return monitor.locked {
            var ticked = Monitor.now
            while workers > 0 {
                if stopSignal != nil, Monitor.now - stoppedAt >= Self.stopGrace { break }
                monitor.wait(seconds: stopSignal == nil ? tickInterval : min(tickInterval, max(0.01, stoppedAt + Self.stopGrace - Monitor.now)))
                // Woken by the workers too: tick on time only.
                guard Monitor.now - ticked >= tickInterval else { continue }
                ticked = Monitor.now
                tick(total)
            }
            let total = self.total
            var outcome = Outcome(signal: stopSignal, completed: completed, abandoned: inFlight,
                                  notStarted: total.map { $0 - started }, total: total)
            outcome.peakTurns = peakTurns
            outcome.peakInProgress = peakInProgress
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

    /// Inside the monitor: the list's length, once known.
    private var total: Int? { exhausted ? started : knownTotal }

    /// Inside the monitor.
    private func takeTurn() {
        turns += 1
        peakTurns = max(peakTurns, turns)
    }

    /// Inside the monitor: starts one more worker; false when the system refuses a thread.
    @discardableResult
    private func spawn() -> Bool {
        guard WorkerThread.start({ [self] in work() }) != nil else { return false }
        workers += 1
        return true
    }

    /// One worker: reads the next item when a turn is free, takes the turn, checks it; until
    /// the list ends or the batch is stopped. One worker reads at a time, holding no turn: a
    /// list on a pipe may keep it waiting, and a check back from its back-off must not wait
    /// for the pipe.
    private func work(inline: Bool = false) {
        // This batch's checks give their turn away while they back off.
        var checker = self.checker
        checker.probe.backoffWait = TurnYield(runner: self)
        while true {
            let reads: Bool = monitor.locked {
                while stopSignal == nil, !exhausted, reading || turns >= concurrency || resuming > 0 {
                    idle += 1
                    monitor.wait()
                    idle -= 1
                }
                guard stopSignal == nil, !exhausted else { return false }
                reading = true
                return true
            }
            let next = reads ? source.next() : nil
            let taken: Bool = monitor.locked {
                guard reads else { return false }
                reading = false
                monitor.broadcast()
                guard next != nil else {
                    exhausted = true
                    return false
                }
                // A check back from its back-off may have taken the turn meanwhile.
                while stopSignal == nil, turns >= concurrency || resuming > 0 { monitor.wait() }
                guard stopSignal == nil else { return false }
                takeTurn()
                started += 1
                inFlight += 1
                peakInProgress = max(peakInProgress, inFlight)
                return true
            }
            guard taken, let item = next else {
                // A thread's OpenSSL state is freed before the count says it is done: the
                // process may exit as soon as the last worker is counted out.
                if !inline { OpenSSLThread.releaseState() }
                monitor.locked {
                    if !inline { workers -= 1 }
                    monitor.broadcast()
                }
                return
            }
            let report: Report
            switch item.work {
            case .check(let target, let options): report = checker.check(target, options: options, trust: trust)
            case .failed(let failed): report = failed
            }
            monitor.locked {
                turns -= 1
                monitor.broadcast()
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

    /// A back-off in a check of this batch: the turn goes to another target (a new worker if
    /// none is waiting for one and the list goes on) while this check sleeps; then it takes
    /// the next free turn, ahead of new targets.
    fileprivate func yieldTurn(milliseconds: Int) {
        monitor.locked {
            turns -= 1
            if idle == 0, !exhausted, stopSignal == nil, workers < maxWorkers { spawn() }
            monitor.broadcast()
        }
        usleep(UInt32(milliseconds) * 1000)
        monitor.locked {
            resuming += 1
            while turns >= concurrency { monitor.wait() }
            resuming -= 1
            takeTurn()
        }
    }
}

/// The back-off wait of a batch's checks (`BatchRunner.yieldTurn`).
private struct TurnYield: BackoffWait {
    unowned let runner: BatchRunner

    func wait(milliseconds: Int) { runner.yieldTurn(milliseconds: milliseconds) }
}
