import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `openssl ocsp` responder (`-index … -port 0`) in its own process group under
/// `timeout -s KILL`, killed on stop. It listens on every address; tests reach it only
/// through 127.0.0.1. `-ignore_err` keeps it alive after a request it cannot parse
/// (OpenSSL 3.0's responder otherwise exits on the first one). It serves one connection at
/// a time, echoes request nonces, and answers GET only for the path "/<base64>", so
/// certificates that point at it use `url` (no path).
///
/// OpenSSL 3.0 re-reads a changed index (inode or mtime) only at the top of its accept
/// loop, i.e. one request late: after changing the index (scripts/lab-leaf.sh, which
/// replaces it whole with a newer mtime) call `reload()` before the check.
final class OCSPResponderProcess: @unchecked Sendable {  // immutable after init
    let port: Int
    let logPath: String
    private let pid: pid_t
    private let lab: Lab

    var url: String { "http://127.0.0.1:\(port)" }

    /// Signs with the lab's delegated responder (responder.pem), answers valid for 7 days.
    /// `fakeTime`: a faketime offset such as "-2h" for the responder's clock.
    init(index: String, lab: Lab, fakeTime: String? = nil) throws {
        self.lab = lab
        logPath = (index as NSString).deletingLastPathComponent + "/ocsp-responder-\(UUID().uuidString).log"
        let fd = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LabError(message: "cannot create \(logPath)") }
        defer { close(fd) }
        var argv = ["timeout", "-s", "KILL", ServerLifetime.seconds]
        if let fakeTime { argv += [Paths.root.appendingPathComponent("scripts/at-time").path, fakeTime] }
        argv += ["openssl", "ocsp", "-index", index, "-port", "0", "-rsigner", lab.path("responder.pem"), "-rkey", lab.path("responder.key"),
                 "-CA", lab.path("int.pem"), "-ignore_err", "-nmin", String(60 * 24 * 7)]
        pid = try Subprocess.spawn(argv, stdout: fd, stderr: fd)
        var found: Int?
        for _ in 0..<500 {
            if let text = try? String(contentsOfFile: logPath, encoding: .utf8),
               let range = text.range(of: #"ACCEPT \S*:\d+"#, options: .regularExpression) {
                found = Int(text[range].split(separator: ":").last ?? "")
                break
            }
            usleep(10_000)
        }
        guard let found else {
            Subprocess.killGroup(pid)
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw LabError(message: "openssl ocsp did not start: \(text)")
        }
        port = found
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Makes the responder pick up an index changed since it last looked: it re-reads a
    /// changed index only after serving one more request, so send it one (a valid request
    /// for the lab's `good` leaf) and wait for the answer.
    func reload() throws {
        let answer = try LoopbackHTTP.request(port: port, method: "POST", path: "/", body: try lab.bytes("requests/good.der"),
                                              headers: ["Content-Type": "application/ocsp-request"])
        guard answer.status == 200 else { throw LabError(message: "openssl ocsp answered \(answer.status) to the reload request: \(log)") }
    }

    /// Requests the responder has read so far (one log line each).
    var requestLines: [String] {
        log.split(separator: "\n").filter { $0.contains("Received request, 1st line:") }.map(String.init)
    }

    func stop() { Subprocess.killGroup(pid) }

    deinit { stop() }
}
