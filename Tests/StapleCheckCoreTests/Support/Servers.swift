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
        let argv = ["timeout", "-s", "KILL", "180", "openssl", "s_server", "-accept", accept, "-www"] + arguments
        pid = try Subprocess.spawn(argv, stdout: fd, stderr: fd)
        var found: Int?
        for _ in 0..<500 {
            if let text = try? String(contentsOfFile: logPath, encoding: .utf8),
               let range = text.range(of: #"ACCEPT (127\.0\.0\.1|\[::1\]):(\d+)"#, options: .regularExpression) {
                found = Int(text[range].split(separator: ":").last ?? "")
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

/// A plain TCP listener on 127.0.0.1 that misbehaves on purpose: never speaks, answers
/// like an HTTP server, or resets the connection after reading the ClientHello.
final class RawServer: @unchecked Sendable {  // fd and thread owned here; closed once in stop()
    enum Behaviour: Sendable { case silent, http, reset }

    let port: Int
    private let fd: Int32

    init(_ behaviour: Behaviour) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw LabError(message: "cannot listen") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        guard behaviour != .silent else { return }  // the kernel completes TCP handshakes; nobody reads
        let listener = fd
        Thread.detachNewThread {
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { return }
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = read(client, &buffer, buffer.count)
                switch behaviour {
                case .http:
                    let reply = Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
                    _ = write(client, reply, reply.count)
                case .reset:
                    var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                    setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                case .silent:
                    break
                }
                close(client)
            }
        }
    }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }

    deinit { stop() }
}

/// A port nothing listens on: bound, then closed.
func closedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}

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
                ["timeout", "-s", "KILL", "180", "gnutls-serv", "--http", "-p", String(candidate), "--x509certfile", chain,
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
