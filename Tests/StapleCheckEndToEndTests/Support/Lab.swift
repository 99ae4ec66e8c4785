import Foundation

/// The test PKI and responses, built fresh once per test process by scripts/make-lab.sh,
/// make-odd-responses.sh and make-live-lab.sh (real openssl, and faketime for responses
/// outside "now"). Per-test leaves for live queries: `Bench` (scripts/lab-leaf.sh).
struct Lab: Sendable {
    let dir: String
    /// The OCSP URL the lab's certificates name: a real `openssl ocsp` responder.
    let ocspURL: String

    static func shared() async throws -> Lab { try await LabCache.instance.lab() }

    func path(_ name: String) -> String { dir + "/" + name }
    func response(_ name: String) -> String { dir + "/responses/" + name + ".der" }
    var caBundle: String { path("ca-bundle.pem") }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    func responseBytes(_ name: String) throws -> [UInt8] { try bytes("responses/\(name).der") }
}

/// Builds the lab once per test process, however many tests ask for it at once.
private actor LabCache {
    static let instance = LabCache()
    private var task: Task<Lab, Error>?

    /// A lab outlives its test process (its servers may still be stopping as it exits): the
    /// labs of processes that are gone are removed here, so that runs do not pile them up.
    private static func removeStaleLabs() {
        let tmp = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] where name.hasPrefix("staplecheck-lab-") {
            guard let pid = pid_t(name.dropFirst("staplecheck-lab-".count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: tmp + "/" + name)
        }
    }

    func lab() async throws -> Lab {
        if let task { return try await task.value }
        let task = Task<Lab, Error> {
            Self.removeStaleLabs()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-lab-\(getpid())").path
            // The lab's certificates name a real `openssl ocsp` responder on loopback (so a
            // check without --no-live asks it, as in production). Its port must be known
            // before the certificates are made: a free one is picked, and all is redone if
            // another process takes it first.
            var attempts = 0
            var url = ""
            while true {
                attempts += 1
                let port = closedPort()
                url = "http://127.0.0.1:\(port)/"
                let result = try Subprocess.run(["bash", Paths.root.appendingPathComponent("scripts/make-lab.sh").path, dir],
                                                environment: ["LAB_OCSP_URL": url])
                guard result.status == 0 else {
                    throw LabError(message: "make-lab.sh failed (\(result.status)): \(result.stderr)\(result.stdout)")
                }
                do {
                    try LabResponder.start(dir: dir, port: port)
                    break
                } catch where attempts < 3 {
                    continue
                }
            }
            let odd = try Subprocess.run(["bash", Paths.root.appendingPathComponent("scripts/make-odd-responses.sh").path, dir])
            guard odd.status == 0 else {
                throw LabError(message: "make-odd-responses.sh failed (\(odd.status)): \(odd.stderr)\(odd.stdout)")
            }
            let live = try Subprocess.run(["bash", Paths.root.appendingPathComponent("scripts/make-live-lab.sh").path, dir])
            guard live.status == 0 else {
                throw LabError(message: "make-live-lab.sh failed (\(live.status)): \(live.stderr)\(live.stdout)")
            }
            return Lab(dir: dir, ocspURL: url)
        }
        self.task = task
        return try await task.value
    }
}
