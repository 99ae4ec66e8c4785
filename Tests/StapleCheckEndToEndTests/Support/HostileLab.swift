import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The structurally hostile certificates and responses of scripts/make-hostile-inputs.sh,
/// made once per test process inside the shared lab (`dir` is LAB/hostile), and the special
/// files (FIFO, socket, device, directory) the tests feed the binary.
struct HostileLab: Sendable {
    let lab: Lab
    let dir: String

    /// The pad of the large staples made: 60,000 bytes, over OpenSSL's 16,384-byte TLS 1.2
    /// CertificateStatus limit and under the 65,535 a TLS 1.3 extension can carry.
    static let paddedStapleBytes = 60_000

    static func shared() async throws -> HostileLab { try await HostileLabCache.instance.lab() }

    func path(_ name: String) -> String { dir + "/" + name }
    var paddedStaple: String { path("padded-\(Self.paddedStapleBytes).der") }

    /// A fresh private directory inside the lab.
    func scratch(_ label: String) throws -> String {
        var template = Array("\(lab.dir)/hostile-\(label)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw LabError(message: "mkdtemp failed") }
        return String(cString: made)
    }

    /// The special files `fetch` must not replace and nothing may read, by the name tests
    /// report them with: a FIFO without a writer, a Unix socket, a character device (a copy of
    /// /dev/null made with mknod) and a directory.
    enum Special: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case fifo, socket, characterDevice, directory

        var refusal: String {
            switch self {
            case .fifo: "is a FIFO (named pipe), not a regular file"
            case .socket: "is a socket, not a regular file"
            case .characterDevice: "is a character device, not a regular file"
            case .directory: "is a directory"
            }
        }

        var mode: mode_t {
            switch self {
            case .fifo: S_IFIFO
            case .socket: S_IFSOCK
            case .characterDevice: S_IFCHR
            case .directory: S_IFDIR
            }
        }

        var testDescription: String { rawValue }

        /// Creates one at `path`.
        func make(at path: String) throws {
            let ok: Bool
            switch self {
            case .fifo:
                ok = mkfifo(path, 0o644) == 0
            case .characterDevice:
                ok = mknod(path, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0  // major 1, minor 3: /dev/null
            case .directory:
                ok = mkdir(path, 0o755) == 0
            case .socket:
                let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(fd) }
                var address = sockaddr_un()
                address.sun_family = sa_family_t(AF_UNIX)
                let bytes = Array(path.utf8)
                guard fd >= 0, bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw LabError(message: "socket path too long: \(path)") }
                withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: bytes) }
                ok = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
                } == 0
            }
            guard ok else { throw LabError(message: "cannot make a \(rawValue) at \(path): \(String(cString: strerror(errno)))") }
        }
    }

    /// lstat(2): what is at `path` now.
    static func status(_ path: String) -> stat? {
        var info = stat()
        return lstat(path, &info) == 0 ? info : nil
    }
}

private actor HostileLabCache {
    static let instance = HostileLabCache()
    private var task: Task<HostileLab, Error>?

    func lab() async throws -> HostileLab {
        if let task { return try await task.value }
        let task = Task<HostileLab, Error> {
            let lab = try await Lab.shared()
            let script = Paths.root.appendingPathComponent("scripts/make-hostile-inputs.sh").path
            let run = try Subprocess.run(["bash", script, lab.dir, String(HostileLab.paddedStapleBytes)])
            guard run.status == 0 else { throw LabError(message: "make-hostile-inputs.sh failed (\(run.status)): \(run.stderr)\(run.stdout)") }
            return HostileLab(lab: lab, dir: lab.dir + "/hostile")
        }
        self.task = task
        return try await task.value
    }
}

extension CLIRun {
    /// The binary under a short `timeout -s KILL`: a read that blocks (a FIFO without a
    /// writer) ends the run with 137 within `seconds` instead of stalling the suite.
    static func guarded(_ arguments: [String], seconds: Int = 10) throws -> CLIRun {
        let r = try Subprocess.run(["timeout", "-s", "KILL", String(seconds), Paths.binary] + arguments)
        return CLIRun(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

    /// The one-line error on stderr of a text-mode run (empty when there is not exactly one).
    var errorLine: String {
        let lines = stderr.split(separator: "\n")
        return lines.count == 1 ? String(lines[0]) : ""
    }
}
