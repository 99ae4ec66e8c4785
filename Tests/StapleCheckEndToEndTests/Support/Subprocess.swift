import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Test support: child processes started with posix_spawn in their own process group, so
/// that teardown can SIGKILL the whole group (Foundation.Process children can inherit a
/// blocked SIGTERM from test threads and then never die).
enum Subprocess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    enum Failure: Error, CustomStringConvertible {
        case spawn(String, Int32)
        var description: String {
            switch self {
            case .spawn(let what, let code): "cannot start \(what): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Starts `argv` in a new process group with stdout/stderr sent to the given fds
    /// (or /dev/null) and stdin from /dev/null. Returns the pid (= pgid). `inherit`: fds
    /// the child gets as 3, 4, … (e.g. a listening socket for HAProxy's `bind fd@3`).
    static func spawn(_ argv: [String], stdout: Int32? = nil, stderr: Int32? = nil, inherit: [Int32] = [],
                      environment: [String: String] = [:]) throws -> pid_t {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        return try spawnLocked(argv, stdout: stdout, stderr: stderr, inherit: inherit, environment: environment)
    }

    private static let spawnLock = NSLock()

    /// A pipe whose two ends are close-on-exec, made under the spawn lock so that no child
    /// started meanwhile inherits them (dup2 onto a child's 1 or 2 clears the flag there).
    static func closeOnExecPipe() -> [Int32]? {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds
    }

    private static func spawnLocked(_ argv: [String], stdout: Int32?, stderr: Int32?, inherit: [Int32] = [],
                                    environment: [String: String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let stdout { posix_spawn_file_actions_adddup2(&actions, stdout, 1) } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if let stderr { posix_spawn_file_actions_adddup2(&actions, stderr, 2) } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // dup2 clears close-on-exec on the copy only: the child gets it, no other child does.
        for (offset, fd) in inherit.enumerated() { posix_spawn_file_actions_adddup2(&actions, fd, Int32(3 + offset)) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let envStrings = env.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = envStrings.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        let rc = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard rc == 0 else { throw Failure.spawn(argv[0], rc) }
        return pid
    }

    /// Runs a command to completion, reading both pipes while it runs.
    static func run(_ argv: [String], environment: [String: String] = [:]) throws -> Result {
        var out: [Int32] = [0, 0]
        var err: [Int32] = [0, 0]
        let pid: pid_t
        // Pipes are made close-on-exec under the same lock as every spawn, so that no
        // concurrently started child inherits a write end and keeps our reads from ending.
        spawnLock.lock()
        pipe(&out)
        pipe(&err)
        for fd in out + err { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        do {
            pid = try spawnLocked(argv, stdout: out[1], stderr: err[1], environment: environment)
            spawnLock.unlock()
        } catch {
            spawnLock.unlock()
            [out[0], out[1], err[0], err[1]].forEach { close($0) }
            throw error
        }
        close(out[1])
        close(err[1])
        var outBytes: [UInt8] = []
        var errBytes: [UInt8] = []
        var open = [out[0], err[0]]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&fds, nfds_t(fds.count), -1) < 0 { if errno == EINTR { continue } else { break } }
            for p in fds where p.revents != 0 {
                let n = read(p.fd, &buffer, buffer.count)
                if n > 0 {
                    if p.fd == out[0] { outBytes += buffer[0..<n] } else { errBytes += buffer[0..<n] }
                } else {
                    close(p.fd)
                    open.removeAll { $0 == p.fd }
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let result = Result(status: code, stdout: String(decoding: outBytes, as: UTF8.self), stderr: String(decoding: errBytes, as: UTF8.self))
        // Under `make sanitize` the staplecheck binary is instrumented: a sanitizer report from
        // it (a leak at exit, a use-after-free) fails the test whatever exit code it expected.
        if result.stderr.contains("ERROR: AddressSanitizer") || result.stderr.contains("ERROR: LeakSanitizer") {
            Issue.record("sanitizer report from \(argv.joined(separator: " ")):\n\(result.stderr)")
        }
        return result
    }

    /// SIGTERM to `pid` (a `timeout`, which passes it on to the server it runs and exits
    /// once that server has), so a server can remove what it made (Apache's shared-memory
    /// files); SIGKILL to the group if it has not ended after `grace` seconds.
    static func terminate(_ pid: pid_t, grace: Double = 3) {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<Int(grace * 100) {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno == ECHILD) { return }
            usleep(10_000)
        }
        killGroup(pid)
    }

    /// True while `pid` (a child of this process) has not exited.
    static func isRunning(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    static func killGroup(_ pid: pid_t) {
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}
