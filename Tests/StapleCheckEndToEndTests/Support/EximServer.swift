import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real exim (Debian's exim4-daemon-light, built with GnuTLS and OCSP support) as an SMTP
/// daemon on 127.0.0.1 with `tls_ocsp_file`: its own configuration, spool and log under a
/// temporary directory, in the foreground (`exim -bdf -oX PORT -C FILE`: -bd alone detaches), in a private mount
/// namespace whose resolv.conf says 127.0.0.1 (exim looks up names at start even with
/// `primary_hostname` set; no query may leave the machine), its own process group under
/// `timeout -s KILL`.
final class EximServer: @unchecked Sendable {  // immutable after init
    let port: Int
    let dir: String
    private let pid: pid_t

    init(chain: String, key: String, ocspFile: String) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-exim-\(UUID().uuidString)").path
        for sub in ["spool", "log"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        let resolv = dir + "/resolv.conf"
        try "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n".write(toFile: resolv, atomically: true, encoding: .utf8)
        var lastLog = ""
        for _ in 0..<3 {
            let port = closedPort()
            let config = dir + "/exim.conf"
            try """
                primary_hostname = mail.test
                qualify_domain = mail.test
                spool_directory = \(dir)/spool
                log_file_path = \(dir)/log/%slog
                exim_user = root
                exim_group = root
                local_interfaces = 127.0.0.1
                host_lookup =
                rfc1413_hosts =
                rfc1413_query_timeout = 0s
                dns_retry = 1
                dns_retrans = 1s
                queue_only = true
                tls_advertise_hosts = *
                tls_certificate = \(chain)
                tls_privatekey = \(key)
                tls_ocsp_file = \(ocspFile)
                acl_smtp_rcpt = acl_check_rcpt
                begin acl
                acl_check_rcpt:
                  deny

                """.write(toFile: config, atomically: true, encoding: .utf8)
            let script = "mount --bind \"$1\" /etc/resolv.conf && shift && exec \"$@\""
            let pid = try Subprocess.spawn(["timeout", "-s", "KILL", ServerLifetime.seconds, "unshare", "-m", "sh", "-c", script, "sh", resolv,
                                            "exim", "-bdf", "-oX", "127.0.0.1:\(port)", "-C", config])
            for _ in 0..<300 {
                lastLog = (try? String(contentsOfFile: dir + "/log/mainlog", encoding: .utf8)) ?? ""
                if lastLog.contains("listening for SMTP on [127.0.0.1]:\(port)") {
                    self.pid = pid
                    self.port = port
                    return
                }
                if (try? String(contentsOfFile: dir + "/log/paniclog", encoding: .utf8)) != nil { break }
                usleep(10_000)
            }
            Subprocess.killGroup(pid)
            lastLog += (try? String(contentsOfFile: dir + "/log/paniclog", encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: dir + "/log/paniclog")
        }
        throw LabError(message: "exim did not start: \(lastLog)")
    }

    /// What exim logged (its TLS errors name the bad staple file's fault).
    var log: String { (try? String(contentsOfFile: dir + "/log/mainlog", encoding: .utf8)) ?? "" }

    func stop() { Subprocess.killGroup(pid) }

    /// The server, then its directory (configuration, spool, log): tests read the log
    /// while they hold the server.
    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: dir)
    }
}
