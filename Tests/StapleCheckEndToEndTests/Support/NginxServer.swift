import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// nginx from Debian with a throwaway configuration: one process (`master_process off`, so
/// no user switching even as root) or a master with one worker, every path (pid, logs, temp dirs) in a private
/// directory, `listen 127.0.0.1:PORT ssl` with the full chain, and
/// `ssl_stapling on; ssl_stapling_file FILE` — nginx staples the file as it is. nginx cannot
/// report a kernel-chosen port, so a free one is picked and the start retried if another
/// process took it first.
final class NginxServer: @unchecked Sendable {  // immutable after init
    let port: Int
    let dir: String
    private let pid: pid_t
    private let configPath: String
    private let errorLog: String
    private let masterProcess: Bool

    static var binary: String {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx"
    }

    /// How the server staples: a file served as it is, or live (nginx asks the OCSP URL the
    /// certificate names, in the background, after the first status request: a cold cache).
    enum Stapling {
        case file(String)
        case live
    }

    convenience init(chain: String, key: String, staplingFile: String?, dir: String) throws {
        try self.init(certificates: [(chain, key)], stapling: staplingFile.map { .file($0) }, dir: dir)
    }

    /// `certificates`: (full chain, key) pairs in one server block — an RSA and an ECDSA one
    /// side by side, picked by the client's signature algorithms. TLS 1.2 and 1.3.
    /// `masterProcess`: a master with one worker, as nginx runs in production (the worker
    /// switches to `nobody` as root), so that `reload()` starts a new worker with new caches.
    init(certificates: [(chain: String, key: String)], stapling: Stapling?, dir: String, masterProcess: Bool = false) throws {
        self.dir = dir
        self.masterProcess = masterProcess
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for _ in 0..<5 {
            let candidate = closedPort()
            let errorLog = dir + "/error-\(candidate).log"
            let staplingConfig: String
            switch stapling {
            case .file(let file): staplingConfig = "ssl_stapling on;\n        ssl_stapling_file \(file);"
            case .live: staplingConfig = "ssl_stapling on;"
            case nil: staplingConfig = ""
            }
            let certificateConfig = certificates.map { "ssl_certificate \($0.chain);\n            ssl_certificate_key \($0.key);" }
                .joined(separator: "\n            ")
            let config = """
                daemon off;
                master_process \(masterProcess ? "on" : "off");
                worker_processes 1;
                pid \(dir)/nginx.pid;
                error_log \(errorLog) notice;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path \(dir)/body;
                    proxy_temp_path \(dir)/proxy;
                    fastcgi_temp_path \(dir)/fastcgi;
                    uwsgi_temp_path \(dir)/uwsgi;
                    scgi_temp_path \(dir)/scgi;
                    server {
                        listen 127.0.0.1:\(candidate) ssl;
                        ssl_protocols TLSv1.2 TLSv1.3;
                        \(certificateConfig)
                        \(staplingConfig)
                        location / { return 200 "staplecheck nginx\\n"; }
                    }
                }

                """
            let configPath = dir + "/nginx-\(candidate).conf"
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
            let started = try Subprocess.spawn(["timeout", "-s", "KILL", ServerLifetime.seconds, Self.binary, "-e", errorLog, "-p", dir, "-c", configPath])
            // nginx binds its listeners before it logs the OS status ("getrlimit"); a taken
            // port shows up as [emerg] (after nginx's own bind retries).
            for _ in 0..<600 {
                let text = (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? ""
                if text.contains("getrlimit") {
                    port = candidate
                    pid = started
                    self.configPath = configPath
                    self.errorLog = errorLog
                    return
                }
                if text.contains("[emerg]") { break }
                usleep(10_000)
            }
            Subprocess.killGroup(started)
        }
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("error-") }) ?? []
        let text = logs.compactMap { try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }.joined()
        throw LabError(message: "nginx did not start: \(text)")
    }

    /// `nginx -s reload` (SIGHUP to the master in the pid file): the master reads its
    /// configuration again, starts a new worker with new SSL contexts and empty stapling
    /// caches, and tells the old one to finish. Returns once the old worker has exited, so
    /// that every handshake from then on meets the new one. Needs `masterProcess`.
    func reload() throws {
        guard masterProcess else { throw LabError(message: "reload() needs masterProcess: true") }
        let exited = #"worker process \d+ exited"#
        let before = log.matches(exited)
        let r = try Subprocess.run(["timeout", "-s", "KILL", "30", Self.binary, "-e", errorLog, "-p", dir, "-c", configPath, "-s", "reload"])
        guard r.status == 0 else { throw LabError(message: "nginx -s reload failed (\(r.status)): \(r.stderr)") }
        for _ in 0..<500 {
            if log.matches(exited) > before { return }
            usleep(10_000)
        }
        throw LabError(message: "nginx did not reload: \(log)")
    }

    var log: String { (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? "" }

    func stop() { Subprocess.killGroup(pid) }

    deinit { stop() }
}

private extension String {
    /// How many times `pattern` (a regular expression) occurs.
    func matches(_ pattern: String) -> Int {
        var count = 0, rest = startIndex..<endIndex
        while let found = range(of: pattern, options: .regularExpression, range: rest) {
            count += 1
            rest = found.upperBound..<endIndex
        }
        return count
    }
}
