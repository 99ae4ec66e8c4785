import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One test's private corner of the lab: leaves whose OCSP/CRL URLs carry ports known only
/// at test time, their own index.txt, responses and CRLs — all made by scripts/lab-leaf.sh
/// in a fresh directory, so tests running in parallel share no mutable file.
struct Bench: Sendable {
    let lab: Lab
    let dir: String

    struct Leaf: Sendable {
        let name: String
        let dir: String
        var pem: String { "\(dir)/\(name).pem" }
        var key: String { "\(dir)/\(name).key" }
        var der: String { "\(dir)/\(name).der" }
        var chain: String { "\(dir)/\(name).chain.pem" }
        var serverName: String { "\(name).test" }
    }

    enum Listing: String, Sendable { case valid = "", revoked, unlisted }

    init(_ label: String) async throws {
        lab = try await Lab.shared()
        var template = Array("\(lab.dir)/bench-\(label)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw LabError(message: "mkdtemp failed") }
        dir = String(cString: made)
    }

    func path(_ name: String) -> String { dir + "/" + name }
    var index: String { path("index.txt") }

    private func script(_ arguments: [String]) throws {
        let r = try Subprocess.run(["bash", Paths.root.appendingPathComponent("scripts/lab-leaf.sh").path] + arguments)
        guard r.status == 0 else { throw LabError(message: "lab-leaf.sh \(arguments.joined(separator: " ")): \(r.stderr)\(r.stdout)") }
    }

    /// Issues a leaf from the lab's intermediate with these AIA OCSP / CRL DP URLs (nil: none).
    func leaf(_ name: String, ocsp: String?, crl: String? = nil, mustStaple: Bool = false, listing: Listing = .valid) throws -> Leaf {
        var args = ["leaf", lab.dir, dir, name, ocsp ?? "-", crl ?? "-"]
        if mustStaple { args.append("muststaple") }
        if listing != .valid { args.append(listing.rawValue) }
        try script(args)
        return Leaf(name: name, dir: dir)
    }

    /// Marks the leaf revoked (keyCompromise, an hour ago) in this bench's index.
    func revoke(_ leaf: Leaf) throws { try script(["revoke", dir, leaf.name]) }

    /// An OCSP response for the leaf with its current status in this bench's index; see
    /// scripts/lab-leaf.sh for the kinds. Returns the DER file's path.
    func response(_ leaf: Leaf, _ kind: String = "delegated", named: String? = nil) throws -> String {
        let out = path("\(named ?? "\(leaf.name)-\(kind.replacingOccurrences(of: ":", with: "_"))").der")
        try script(["response", lab.dir, dir, leaf.name, kind, out])
        return out
    }

    /// A CRL of the intermediate (current, stale or rogue) from this bench's index.
    func crl(_ kind: String) throws -> (der: String, pem: String) {
        let base = path("crl-\(kind)-\(UUID().uuidString.prefix(8))")
        try script(["crl", lab.dir, dir, kind, base])
        return (base + ".der", base + ".pem")
    }

    /// A real `openssl ocsp` responder on this bench's index (created now if need be).
    /// Leaves issued afterwards with `ocsp: responder.url`, and revocations, are seen after
    /// `responder.reload()`.
    func responder(signer: OCSPResponderProcess.Signer = .delegated, validityMinutes: Int? = 60 * 24 * 7,
                   fakeTime: String? = nil, extraArguments: [String] = []) throws -> OCSPResponderProcess {
        try script(["index", lab.dir, dir])
        return try OCSPResponderProcess(index: index, lab: lab, signer: signer, validityMinutes: validityMinutes, fakeTime: fakeTime,
                                        extraArguments: extraArguments)
    }

    /// A real s_server presenting the leaf + intermediate, stapling `staple` (nil: none).
    func server(_ leaf: Leaf, staple: String?) throws -> OpenSSLServer {
        var args = ["-cert", leaf.pem, "-key", leaf.key, "-cert_chain", lab.path("int.pem")]
        if let staple { args += ["-status_file", staple] }
        return try OpenSSLServer(args, lab: lab)
    }

    /// `staplecheck 127.0.0.1:PORT --servername … --ca-file … --format json` plus `extra`.
    func check(_ server: OpenSSLServer, _ leaf: Leaf, _ extra: [String] = []) async throws -> CLIRun {
        try await CLIRun.execute(["127.0.0.1:\(server.port)", "--servername", leaf.serverName, "--ca-file", lab.caBundle,
                                  "--format", "json"] + extra)
    }

    func bytes(_ file: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))) }
}

extension CLIRun {
    /// Like `run`, but waits on a thread of its own: a check that takes seconds then does
    /// not hold one of the few cooperative threads the parallel tests share. `elapsed` is
    /// the wall time of the whole process.
    static func execute(_ arguments: [String], environment: [String: String] = [:]) async throws -> CLIRun {
        try await timed(arguments, environment: environment).run
    }

    static func timed(_ arguments: [String], environment: [String: String] = [:]) async throws -> (run: CLIRun, elapsed: Double) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let start = Date()
                continuation.resume(with: Result {
                    let run = try CLIRun.run(arguments, environment: environment)
                    return (run, Date().timeIntervalSince(start))
                })
            }
        }
    }

    /// The finding with this code, if any.
    func finding(_ code: String) -> [String: Any]? {
        ((json?["findings"] as? [[String: Any]]) ?? []).first { $0["code"] as? String == code }
    }

    func severity(_ code: String) -> String? { finding(code)?["severity"] as? String }

    /// `live.attempts` as dictionaries.
    var attempts: [[String: Any]] { (value("live.attempts") as? [[String: Any]]) ?? [] }

    /// True for an explicit JSON null.
    func isNull(_ path: String) -> Bool { value(path) is NSNull }
}

/// Runs a command in its own process group with both pipes going to a log file, without
/// waiting: for tests that must kill a process at a chosen moment.
final class Background: @unchecked Sendable {  // immutable after init
    let pid: pid_t
    let logPath: String

    init(_ argv: [String], logPath: String) throws {
        self.logPath = logPath
        let fd = open(logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LabError(message: "cannot create \(logPath)") }
        defer { close(fd) }
        pid = try Subprocess.spawn(argv, stdout: fd, stderr: fd)
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Polls `condition` every 10 ms for up to `seconds`; true once it holds.
    static func waitFor(seconds: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return condition()
    }

    /// Whether the group leader has exited (reaps it if so).
    var exited: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }

    func kill() { Subprocess.killGroup(pid) }
}

/// A minimal HTTP/1.1 client for 127.0.0.1 (one request per connection, body read to EOF):
/// to poke the openssl responder and to check the fault responder itself.
enum LoopbackHTTP {
    struct Response {
        var status: Int
        /// Lower-cased names.
        var headers: [String: String]
        var body: [UInt8]
    }

    static func request(port: Int, method: String = "GET", path: String, body: [UInt8] = [],
                        headers: [String: String] = [:], timeout: Int = 10) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LabError(message: "socket failed") }
        defer { close(fd) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw LabError(message: "connect to 127.0.0.1:\(port) failed") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method == "POST" || !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        let out = Array((head + "\r\n").utf8) + body
        var offset = 0
        while offset < out.count {
            let n = out[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw LabError(message: "send failed") }
            offset += n
        }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw LabError(message: "read from 127.0.0.1:\(port) failed or timed out") }
            if n == 0 { break }
            data += buffer[0..<n]
        }
        guard let end = (0..<max(data.count - 3, 0)).first(where: { data[$0..<($0 + 4)].elementsEqual([13, 10, 13, 10]) }) else {
            throw LabError(message: "no HTTP response head from 127.0.0.1:\(port)")
        }
        let lines = String(decoding: data[0..<end], as: UTF8.self).split(separator: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Response(status: status, headers: fields, body: Array(data[(end + 4)...]))
    }
}

/// Kills a process at an exact system call, with no timing involved: strace stops it on
/// entering the first call of `syscalls`, makes that call fail without running it
/// (`error=EIO`) and delivers SIGKILL there. A crash at that very point, on demand.
enum SyscallKill {
    static let rename = "rename,renameat,renameat2"

    /// The command line to run `argv` until it is killed (within `timeout`, for safety).
    static func command(_ argv: [String], at syscalls: String, log: String) -> [String] {
        ["timeout", "-s", "KILL", "60", "strace", "-f", "-qq", "-o", log, "-e", "trace=\(syscalls)",
         "-e", "inject=\(syscalls):error=EIO:signal=SIGKILL:when=1"] + argv
    }

    /// The traced process reached a call whose name contains `name`.
    static func reached(_ log: String, _ name: String) -> Bool {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains(name)
    }
}
