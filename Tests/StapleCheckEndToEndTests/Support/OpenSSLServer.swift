import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `openssl s_server` on 127.0.0.1 with a port the kernel chose, in its own process
/// group under `timeout -s KILL`, so it dies even if the test process does.
final class OpenSSLServer: @unchecked Sendable {  // immutable after init; stop() is idempotent via kill
    let port: Int
    private let pid: pid_t
    private let logPath: String

    init(_ arguments: [String], lab: Lab, accept: String = "127.0.0.1:0") throws {
        logPath = lab.dir + "/s_server-\(UUID().uuidString).log"
        let fd = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LabError(message: "cannot create \(logPath)") }
        defer { close(fd) }
        let argv = ["timeout", "-s", "KILL", ServerLifetime.seconds, "openssl", "s_server", "-accept", accept, "-www"] + arguments
        pid = try Subprocess.spawn(argv, stdout: fd, stderr: fd)
        var found: Int?
        for _ in 0..<500 {
            guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { usleep(10_000); continue }
            if let range = text.range(of: #"ACCEPT (127\.\d+\.\d+\.\d+|\[::1\]):(\d+)"#, options: .regularExpression) {
                found = Int(text[range].split(separator: ":").last ?? "")
                break
            }
            // Given a fixed port (a second backend on another loopback alias), s_server
            // prints a bare ACCEPT once it listens.
            if let fixed = Int(accept.split(separator: ":").last ?? ""), fixed != 0, text.contains("ACCEPT\n") {
                found = fixed
                break
            }
            usleep(10_000)
        }
        guard let found else {
            Subprocess.killGroup(pid)
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw LabError(message: "s_server did not start: \(log)")
        }
        port = found
    }

    func stop() { Subprocess.killGroup(pid) }

    deinit { stop() }
}
