import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// scripts/starttls-server.py on 127.0.0.1: one protocol's real greeting and upgrade
/// exchange (or a misbehaving variant, `mode`), then the TLS bytes relayed to a real
/// `openssl s_server -status_file` backend, so the staple is real. Its own process group
/// under `timeout -s KILL`.
final class StartTLSServer: @unchecked Sendable {  // immutable after init; stop() is idempotent via kill
    let port: Int
    private let pid: pid_t

    init(_ proto: String, mode: String = "good", backendPort: Int, lab: Lab) throws {
        let logPath = lab.dir + "/starttls-\(proto)-\(mode)-\(UUID().uuidString).log"
        let fd = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LabError(message: "cannot create \(logPath)") }
        defer { close(fd) }
        let script = Paths.root.appendingPathComponent("scripts/starttls-server.py").path
        pid = try Subprocess.spawn(["timeout", "-s", "KILL", ServerLifetime.seconds, "python3", script, proto, mode, String(backendPort)], stdout: fd, stderr: fd)
        var found: Int?
        for _ in 0..<500 {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("LISTEN ") }) {
                found = Int(line.dropFirst(7))
                break
            }
            usleep(10_000)
        }
        guard let found else {
            Subprocess.killGroup(pid)
            throw LabError(message: "starttls-server.py did not start: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
        }
        port = found
    }

    func stop() { Subprocess.killGroup(pid) }

    deinit { stop() }
}
