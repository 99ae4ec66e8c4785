import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `gnutls-serv` on 127.0.0.1 stapling a file with `--ignore-ocsp-response-errors`:
/// unlike s_server it sends whatever bytes the file holds, so the client sees garbage
/// staples over the wire. It cannot report a kernel-chosen port, so a free one is picked
/// and the start retried if another process took it first.
final class GnuTLSServer: @unchecked Sendable {  // immutable after init
    let port: Int
    private let pid: pid_t

    init(chain: String, key: String, staple: String, lab: Lab) throws {
        for _ in 0..<5 {
            let candidate = closedPort()
            let log = lab.dir + "/gnutls-\(UUID().uuidString).log"
            let fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw LabError(message: "cannot create \(log)") }
            let started = try Subprocess.spawn(
                ["timeout", "-s", "KILL", ServerLifetime.seconds, "gnutls-serv", "--http", "-p", String(candidate), "--x509certfile", chain,
                 "--x509keyfile", key, "--ocsp-response", staple, "--ignore-ocsp-response-errors"], stdout: fd, stderr: fd)
            close(fd)
            for _ in 0..<300 {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                if text.contains("IPv4 0.0.0.0 port \(candidate)...done") {
                    port = candidate
                    pid = started
                    return
                }
                if text.contains("rror") { break }
                usleep(10_000)
            }
            Subprocess.killGroup(started)
        }
        throw LabError(message: "gnutls-serv did not start")
    }

    func stop() { Subprocess.killGroup(pid) }

    deinit { stop() }
}
