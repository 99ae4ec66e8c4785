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
    enum Signer: Sendable {
        /// responder.pem, the lab's delegated OCSP signer.
        case delegated
        /// The issuing intermediate itself.
        case issuer
        /// Any certificate and key, e.g. lab.path("live/responder-expiring.pem").
        case custom(cert: String, key: String)
    }

    let port: Int
    let logPath: String
    private let pid: pid_t
    private let lab: Lab

    var url: String { "http://127.0.0.1:\(port)" }

    /// `validity`: `-nmin` minutes of nextUpdate (nil: no nextUpdate). `fakeTime`: a
    /// faketime offset such as "-2h" for the responder's clock.
    init(index: String, lab: Lab, signer: Signer = .delegated, validityMinutes: Int? = 60 * 24 * 7, fakeTime: String? = nil,
         extraArguments: [String] = []) throws {
        self.lab = lab
        logPath = (index as NSString).deletingLastPathComponent + "/ocsp-responder-\(UUID().uuidString).log"
        let fd = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LabError(message: "cannot create \(logPath)") }
        defer { close(fd) }
        let (cert, key): (String, String) = switch signer {
        case .delegated: (lab.path("responder.pem"), lab.path("responder.key"))
        case .issuer: (lab.path("int.pem"), lab.path("int.key"))
        case .custom(let cert, let key): (cert, key)
        }
        var argv = ["timeout", "-s", "KILL", "180"]
        if let fakeTime { argv += [Paths.root.appendingPathComponent("scripts/at-time").path, fakeTime] }
        argv += ["openssl", "ocsp", "-index", index, "-port", "0", "-rsigner", cert, "-rkey", key, "-CA", lab.path("int.pem"),
                 "-ignore_err"]
        if let validityMinutes { argv += ["-nmin", String(validityMinutes)] }
        pid = try Subprocess.spawn(argv + extraArguments, stdout: fd, stderr: fd)
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

/// nginx from Debian with a throwaway configuration: one process (`master_process off`, so
/// no user switching even as root), every path (pid, logs, temp dirs) in a private
/// directory, `listen 127.0.0.1:PORT ssl` with the full chain, and
/// `ssl_stapling on; ssl_stapling_file FILE` — nginx staples the file as it is. nginx cannot
/// report a kernel-chosen port, so a free one is picked and the start retried if another
/// process took it first.
final class NginxServer: @unchecked Sendable {  // immutable after init
    let port: Int
    let dir: String
    private let pid: pid_t

    static var binary: String {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx"
    }

    init(chain: String, key: String, staplingFile: String?, dir: String) throws {
        self.dir = dir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for _ in 0..<5 {
            let candidate = closedPort()
            let errorLog = dir + "/error-\(candidate).log"
            let stapling = staplingFile.map { "ssl_stapling on;\n        ssl_stapling_file \($0);" } ?? ""
            let config = """
                daemon off;
                master_process off;
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
                        ssl_certificate \(chain);
                        ssl_certificate_key \(key);
                        \(stapling)
                        location / { return 200 "staplecheck nginx\\n"; }
                    }
                }

                """
            let configPath = dir + "/nginx-\(candidate).conf"
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
            let started = try Subprocess.spawn(["timeout", "-s", "KILL", "180", Self.binary, "-e", errorLog, "-p", dir, "-c", configPath])
            // nginx binds its listeners before it logs the OS status ("getrlimit"); a taken
            // port shows up as [emerg] (after nginx's own bind retries).
            for _ in 0..<600 {
                let text = (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? ""
                if text.contains("getrlimit") {
                    port = candidate
                    pid = started
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

    func stop() { Subprocess.killGroup(pid) }

    deinit { stop() }
}
