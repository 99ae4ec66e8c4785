import Foundation

/// Runs the real staplecheck binary and decodes its JSON report.
struct CLIRun {
    var status: Int32
    var stdout: String
    var stderr: String

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CLIRun {
        // Under `timeout` so that a hang fails the test (exit 137) instead of stalling the suite.
        let r = try Subprocess.run(["timeout", "-s", "KILL", "60", Paths.binary] + arguments, environment: environment)
        return CLIRun(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
    }

    var findingCodes: [String] {
        ((json?["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
    }

    /// A dotted path into the JSON ("staple.certStatus"); NSNull for explicit nulls.
    func value(_ path: String) -> Any? {
        var current: Any? = json
        for key in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(key)]
        }
        return current
    }
}

extension CLIRun {
    /// Like `run`, but waits on a thread of its own: a check that takes seconds then does
    /// not hold one of the few cooperative threads the parallel tests share. `elapsed` is
    /// the wall time of the whole process.
    static func execute(_ arguments: [String], environment: [String: String] = [:]) async throws -> CLIRun {
        try await timed(arguments, environment: environment).run
    }

    static func timed(_ arguments: [String], environment: [String: String] = [:]) async throws -> (run: CLIRun, elapsed: Double) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let start = Date()
                continuation.resume(with: Result {
                    let run = try CLIRun.run(arguments, environment: environment)
                    return (run, Date().timeIntervalSince(start))
                })
            }
        }
    }

    /// The finding with this code, if any.
    func finding(_ code: String) -> [String: Any]? {
        ((json?["findings"] as? [[String: Any]]) ?? []).first { $0["code"] as? String == code }
    }

    func severity(_ code: String) -> String? { finding(code)?["severity"] as? String }

    /// `live.attempts` as dictionaries.
    var attempts: [[String: Any]] { (value("live.attempts") as? [[String: Any]]) ?? [] }

    /// True for an explicit JSON null.
    func isNull(_ path: String) -> Bool { value(path) is NSNull }
}

extension CLIRun {
    /// `endpoints[]` as dictionaries.
    var endpoints: [[String: Any]] { (value("endpoints") as? [[String: Any]]) ?? [] }

    /// The endpoint with this key type (the first, if several addresses have one).
    func endpoint(_ keyType: String) -> [String: Any]? { endpoints.first { $0["keyType"] as? String == keyType } }

    /// Every top-level finding with this code.
    func findings(_ code: String) -> [[String: Any]] {
        ((json?["findings"] as? [[String: Any]]) ?? []).filter { $0["code"] as? String == code }
    }
}

/// An endpoint's `handshakes.sequence`.
func handshakeSequence(_ endpoint: [String: Any]?) -> [Bool] {
    ((endpoint?["handshakes"] as? [String: Any])?["sequence"] as? [Bool]) ?? []
}
