#if canImport(Glibc)
import Glibc
#endif

/// The wait before the handshake that follows an unstapled one: a server that fetches its
/// staple in the background (nginx after a start or reload) gets time to finish, doubling
/// from `ProbePlan.backoffMilliseconds` until the address's budget is spent. Stapled
/// handshakes follow each other without delay, and no wait takes more than half of what
/// is left of the check.
struct Backoff {
    private var next: Int
    private var budget: Int
    private var pending = false

    init(_ plan: ProbePlan) {
        next = plan.backoffMilliseconds
        budget = plan.probes > 1 ? plan.backoffBudgetMilliseconds : 0
    }

    mutating func record(stapled: Bool) { pending = !stapled }

    mutating func waitIfNeeded(_ deadline: Deadline, _ wait: any BackoffWait) {
        guard pending, budget > 0 else { return }
        pending = false
        let milliseconds = min(next, budget)
        guard milliseconds > 0, milliseconds * 2 <= deadline.remainingMilliseconds else { return }
        wait.wait(milliseconds: milliseconds)
        budget -= milliseconds
        next *= 2
    }
}

/// How a check spends a back-off: asleep on its thread (`Sleep`, a single check), or, in a
/// batch, asleep with its turn given to another target (`BatchRunner`): no connection is
/// open while a check waits, so waiting is not counted as checking.
public protocol BackoffWait: Sendable {
    func wait(milliseconds: Int)
}

/// Sleeps on the calling thread.
public struct Sleep: BackoffWait {
    public init() {}

    public func wait(milliseconds: Int) { usleep(UInt32(milliseconds) * 1000) }
}
