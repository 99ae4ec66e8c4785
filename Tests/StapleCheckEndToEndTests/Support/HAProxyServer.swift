import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's HAProxy 2.6 in the foreground (`haproxy -V -db -f FILE`) terminating TLS on a
/// listening socket this process made on 127.0.0.1 with a kernel-chosen port and hands it
/// over (`bind fd@3`). Each certificate is a `crt` PEM (leaf, chain, key) with its OCSP
/// response beside it as `<crt>.ocsp`, which HAProxy loads at start and staples as it is —
/// or drops, with a warning, when it is expired or for another certificate.
final class HAProxyServer: @unchecked Sendable {  // immutable after init but `stopped`, which `lock` guards
    let port: Int
    let dir: String
    /// What `haproxy -c` said about the configuration (warnings about the .ocsp files).
    let checkOutput: String
    private let pid: pid_t
    private let logPath: String
    private let lock = NSLock()
    private var stopped = false

    static var binary: String {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy"
    }

    struct Certificate {
        /// The file name in the server's directory (`site.pem.rsa`, `ecdsa.pem`, …).
        var file: String
        var chain: String
        var key: String
        /// The DER response copied to `<file>.ocsp` (nil: none).
        var ocsp: String?
    }

    /// How the certificates are named on the `bind` line.
    enum Layout {
        /// One `crt site.pem` for files `site.pem.rsa`, `site.pem.ecdsa`, … (HAProxy's
        /// multi-certificate bundle: it loads each and picks by the client's signature algorithms).
        case bundle(String)
        /// One `crt FILE` per certificate.
        case separate
    }

    init(certificates: [Certificate], layout: Layout, dir: String) throws {
        self.dir = dir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for certificate in certificates {
            let pem = try String(contentsOfFile: certificate.chain, encoding: .utf8) + String(contentsOfFile: certificate.key, encoding: .utf8)
            try pem.write(toFile: dir + "/" + certificate.file, atomically: true, encoding: .utf8)
            if let ocsp = certificate.ocsp {
                try Data(contentsOf: URL(fileURLWithPath: ocsp)).write(to: URL(fileURLWithPath: dir + "/" + certificate.file + ".ocsp"))
            }
        }
        let crt: String
        switch layout {
        case .bundle(let base): crt = "crt \(dir)/\(base)"
        case .separate: crt = certificates.map { "crt \(dir)/\($0.file)" }.joined(separator: " ")
        }
        func config(bind: String) -> String {
            """
            global
                pidfile \(dir)/haproxy.pid
            defaults
                mode http
                timeout connect 2s
                timeout client 10s
                timeout server 10s
            frontend tls
                bind \(bind) ssl \(crt)
                http-request return status 200 content-type text/plain string "staplecheck haproxy"

            """
        }
        let (listener, chosen) = try Self.listen()
        defer { close(listener) }
        port = chosen
        // `haproxy -c` reads everything the server will (the certificates and their .ocsp
        // files) and says what it thinks of them; it binds nothing, but would look at the fd.
        let checkPath = dir + "/haproxy-check.cfg", configPath = dir + "/haproxy.cfg"
        try config(bind: "127.0.0.1:\(chosen)").write(toFile: checkPath, atomically: true, encoding: .utf8)
        try config(bind: "fd@3").write(toFile: configPath, atomically: true, encoding: .utf8)
        let check = try Subprocess.run(["timeout", "-s", "KILL", "30", Self.binary, "-c", "-f", checkPath])
        checkOutput = check.stdout + check.stderr
        guard check.status == 0 else { throw LabError(message: "haproxy -c rejected the configuration: \(checkOutput)") }
        logPath = dir + "/haproxy.log"
        let fd = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LabError(message: "cannot create \(logPath)") }
        defer { close(fd) }
        pid = try Subprocess.spawn(["timeout", "-s", "KILL", ServerLifetime.seconds, Self.binary, "-V", "-db", "-f", configPath], stdout: fd, stderr: fd,
                                   inherit: [listener])
        // The socket listens already (connections wait in its queue). Verbose (-V), HAProxy
        // names its poller once its configuration and certificates are loaded, as it starts.
        for _ in 0..<500 {
            guard Subprocess.isRunning(pid) else { break }
            if log.contains("as the polling mechanism") { return }
            usleep(10_000)
        }
        Subprocess.killGroup(pid)
        throw LabError(message: "haproxy did not start: \(log)")
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// A TCP socket listening on 127.0.0.1 with a port the kernel chose (close-on-exec: only
    /// the child it is handed to gets it).
    private static func listen() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LabError(message: "socket failed") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, Glibc.listen(fd, 64) == 0 else {
            close(fd)
            throw LabError(message: "cannot listen on 127.0.0.1")
        }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }

    /// Once only: a second signal could reach a process that took the reaped pid.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        Subprocess.killGroup(pid)
    }

    deinit { stop() }
}
