import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command and records each line of its standard output with the moment it arrived,
/// so a test can tell output that streams from output written at the end, and act on a
/// line while the command still runs (send it a signal). The child runs in its own process
/// group (Subprocess.spawn); it is killed if it outlives `limit`.
struct StreamingRun {
    struct Line {
        var text: String
        /// Seconds after the start.
        var at: Double
    }

    var status: Int32
    var lines: [Line]
    var stderr: String
    /// Seconds from the start to the child's exit.
    var elapsed: Double
    /// Seconds from the start to when `onLine` sent its signal, if it did.
    var signalledAt: Double?

    /// `onLine(line, lineIndex)` may return a signal to send to the child (once).
    static func run(_ argv: [String], limit: Double = 60, onLine: (String, Int) -> Int32? = { _, _ in nil }) throws -> StreamingRun {
        guard let out = Subprocess.closeOnExecPipe(), let err = Subprocess.closeOnExecPipe() else { throw LabError(message: "pipe failed") }
        let start = Date()
        let pid: pid_t
        do {
            pid = try Subprocess.spawn(argv, stdout: out[1], stderr: err[1])
        } catch {
            [out[0], out[1], err[0], err[1]].forEach { close($0) }
            throw error
        }
        close(out[1])
        close(err[1])
        var result = StreamingRun(status: -1, lines: [], stderr: "", elapsed: 0, signalledAt: nil)
        var pending: [UInt8] = []
        var errBytes: [UInt8] = []
        var open = [out[0], err[0]]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            let remaining = limit - Date().timeIntervalSince(start)
            if remaining <= 0 {
                Issue.record("\(argv.joined(separator: " ")) ran over \(limit) s: killed")
                kill(-pid, SIGKILL)
                break
            }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&fds, nfds_t(fds.count), Int32(remaining * 1000)) < 0 { if errno == EINTR { continue } else { break } }
            for p in fds where p.revents != 0 {
                let n = read(p.fd, &buffer, buffer.count)
                guard n > 0 else {
                    close(p.fd)
                    open.removeAll { $0 == p.fd }
                    continue
                }
                if p.fd == err[0] { errBytes += buffer[0..<n]; continue }
                pending += buffer[0..<n]
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let text = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    result.lines.append(Line(text: text, at: Date().timeIntervalSince(start)))
                    if result.signalledAt == nil, let signal = onLine(text, result.lines.count - 1) {
                        kill(pid, signal)
                        result.signalledAt = Date().timeIntervalSince(start)
                    }
                }
            }
        }
        if !pending.isEmpty { result.lines.append(Line(text: String(decoding: pending, as: UTF8.self), at: Date().timeIntervalSince(start))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        result.elapsed = Date().timeIntervalSince(start)
        result.status = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        result.stderr = String(decoding: errBytes, as: UTF8.self)
        return result
    }
}
