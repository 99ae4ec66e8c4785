import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The shared lab's `openssl ocsp` responder, alive for the whole test process (killed at
/// exit, and by `timeout` in any case).
enum LabResponder {
    nonisolated(unsafe) private static var group: pid_t = 0

    static func start(dir: String, port: Int) throws {
        let log = dir + "/lab-responder.log"
        let fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LabError(message: "cannot create \(log)") }
        defer { close(fd) }
        let pid = try Subprocess.spawn(
            ["timeout", "-s", "KILL", "900", "openssl", "ocsp", "-index", dir + "/index.txt", "-port", String(port),
             "-rsigner", dir + "/responder.pem", "-rkey", dir + "/responder.key", "-CA", dir + "/int.pem", "-ndays", "7", "-ignore_err"],
            stdout: fd, stderr: fd)
        for _ in 0..<500 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if text.contains("ACCEPT") && text.contains(":\(port) ") {
                group = pid
                atexit { if LabResponder.group > 0 { kill(-LabResponder.group, SIGKILL) } }
                return
            }
            if kill(pid, 0) != 0 || text.contains("rror") { break }
            usleep(10_000)
        }
        Subprocess.killGroup(pid)
        throw LabError(message: "openssl ocsp did not start on port \(port): \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }
}
