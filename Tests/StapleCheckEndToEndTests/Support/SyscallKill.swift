import Foundation

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
