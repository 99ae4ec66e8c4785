#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM during a batch: instead of killing the process mid-line, they are
/// blocked in every thread and taken by one thread of their own with sigwait(2), which
/// calls `handler` in ordinary (not signal-handler) context. Call `watch` before starting
/// any other thread: threads inherit the blocked mask. Later signals of the two are taken
/// and ignored, so a second Ctrl-C cannot cut a result line either.
public enum StopSignals {
    public static let watched: [Int32] = [SIGINT, SIGTERM]

    public static func watch(_ handler: @escaping @Sendable (Int32) -> Void) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in watched { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let blocked = set
        WorkerThread.start {
            var set = blocked
            while true {
                var signal: Int32 = 0
                guard sigwait(&set, &signal) == 0 else { continue }
                handler(signal)
            }
        }
    }
}
