import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's Apache 2.4 with mod_ssl and a throwaway configuration (`apache2 -X -f FILE`: one
/// process in the foreground; ServerRoot, PidFile, ErrorLog, mutexes and the stapling cache
/// in a private directory), one `<VirtualHost 127.0.0.1:PORT>` holding the given
/// certificates (an RSA and an ECDSA one side by side, picked by the client's signature
/// algorithms) with `SSLUseStapling on`: mod_ssl asks the OCSP URL each certificate names,
/// synchronously inside the first handshake that requests status, and caches the answer in
/// `SSLStaplingCache`. Apache cannot report a kernel-chosen port, so a free one is picked
/// and the start retried if another process took it first. Stopped with SIGTERM (so it
/// removes its shared memory), then SIGKILL to its group.
final class ApacheServer: @unchecked Sendable {  // immutable after init but `stopped`, which `lock` guards
    let port: Int
    let dir: String
    private let pid: pid_t
    private let errorLog: String
    private let lock = NSLock()
    private var stopped = false

    static let modules = "/usr/lib/apache2/modules"

    static var binary: String {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/apache2") ? "/usr/sbin/apache2" : "apache2"
    }

    /// `certificates`: (full chain, key) pairs. `trust`: the CA file mod_ssl verifies the
    /// responder's answers against. `directives`: more lines for the virtual host (e.g.
    /// `SSLStaplingFakeTryLater off`).
    init(certificates: [(chain: String, key: String)], serverName: String, trust: String, dir: String,
         directives: [String] = []) throws {
        self.dir = dir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let certificateConfig = certificates.map { "SSLCertificateFile \($0.chain)\n    SSLCertificateKeyFile \($0.key)" }
            .joined(separator: "\n    ")
        var lastLog = ""
        for attempt in 0..<5 {
            let candidate = closedPort()
            let log = dir + "/error-\(attempt).log"
            // As root Apache must switch to another user for serving (it refuses to serve as
            // root); it reads the keys before that.
            let config = """
                ServerRoot \(dir)
                PidFile \(dir)/apache2-\(attempt).pid
                ErrorLog \(log)
                LogLevel notice ssl:info
                LoadModule mpm_prefork_module \(Self.modules)/mod_mpm_prefork.so
                LoadModule authz_core_module \(Self.modules)/mod_authz_core.so
                LoadModule socache_shmcb_module \(Self.modules)/mod_socache_shmcb.so
                LoadModule ssl_module \(Self.modules)/mod_ssl.so
                User nobody
                Group nogroup
                ServerName localhost
                DocumentRoot \(dir)
                Mutex file:\(dir) default
                Listen 127.0.0.1:\(candidate)
                SSLSessionCache none
                SSLStaplingCache shmcb:\(dir)/stapling-\(attempt)(128000)
                <VirtualHost 127.0.0.1:\(candidate)>
                    ServerName \(serverName)
                    SSLEngine on
                    SSLProtocol -all +TLSv1.2 +TLSv1.3
                    \(certificateConfig)
                    SSLCACertificateFile \(trust)
                    SSLUseStapling on
                    \(directives.joined(separator: "\n    "))
                </VirtualHost>

                """
            let configPath = dir + "/apache2-\(attempt).conf"
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
            let started = try Subprocess.spawn(["timeout", "-s", "KILL", ServerLifetime.seconds, Self.binary, "-X", "-d", dir, "-f", configPath])
            // -X logs nothing once it listens: it is up when the port answers while it runs.
            // A port taken meanwhile makes it exit (AH00072, could not bind).
            for _ in 0..<500 {
                if !Subprocess.isRunning(started) { break }
                if canConnect(candidate) {
                    port = candidate
                    pid = started
                    errorLog = log
                    return
                }
                usleep(10_000)
            }
            Subprocess.killGroup(started)
            lastLog = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        throw LabError(message: "apache2 did not start: \(lastLog)")
    }

    var log: String { (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? "" }

    /// Once only: a second signal could reach a process that took the reaped pid.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        Subprocess.terminate(pid)
    }

    deinit { stop() }
}

/// A TCP connection to 127.0.0.1:`port` is accepted (then closed at once).
private func canConnect(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}
