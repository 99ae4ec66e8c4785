#if canImport(Glibc)
import Glibc
#endif

/// A `--targets` file: one target per line, `#` comments and blank lines skipped. A named
/// file is read whole through `LocalFile` (bounded, regular files only); standard input is
/// read as the batch asks for targets, so a pipe's list is checked while it is still being
/// written and only the lines not yet checked are ever held.
public enum TargetListFile {
    /// One target line: its 1-based number and its text, trimmed of surrounding blanks.
    public struct Line: Sendable, Equatable {
        public var number: Int
        public var text: String
    }

    /// 64 MiB: over a million lines of host names.
    static let limit = 64 << 20
    /// The longest line read from standard input: no target comes near it.
    static let lineLimit = 64 << 10

    /// The named file's bytes.
    public static func read(_ path: RawPath) throws(CheckError) -> [UInt8] {
        do throws(LocalFile.Failure) {
            return try LocalFile.read(path, limit: limit, limitText: "64 MiB")
        } catch {
            throw CheckError.input("cannot read target list \(error.message)")
        }
    }

    /// The target lines of `bytes` (see `Reader`).
    public static func lines(_ bytes: [UInt8]) -> [Line] {
        let reader = Reader(bytes: bytes)
        var lines: [Line] = []
        while case let line?? = try? reader.next() { lines.append(line) }
        return lines
    }

    /// The target lines of a file's bytes or of a descriptor, one at a time: CR LF or LF line
    /// ends, a line whose first non-blank character is `#` and blank lines left out. Bytes
    /// that are not UTF-8 are replaced (U+FFFD), which makes such a line an invalid target
    /// rather than a different one. Used by one thread at a time.
    public final class Reader {
        private let fd: Int32?
        private var buffer: [UInt8]
        private var start = 0
        private var ended: Bool
        private var number = 0

        /// Lines read so far, comments and blank lines included.
        public var lineNumber: Int { number }

        /// Lines of bytes already read.
        public init(bytes: [UInt8]) {
            fd = nil
            buffer = bytes
            ended = true
        }

        /// Lines read from `fd` (standard input) as they are asked for.
        public init(fd: Int32) {
            self.fd = fd
            buffer = []
            ended = false
        }

        /// The next target line; nil at the end. A read error, or a line longer than 64 KiB
        /// on a descriptor, is thrown once and ends the list.
        public func next() throws(CheckError) -> Line? {
            while let raw = try nextRawLine() {
                number += 1
                let text = String(decoding: raw, as: UTF8.self)
                let trimmed = text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }
                let line = String(trimmed.reversed())
                if line.isEmpty || line.hasPrefix("#") { continue }
                return Line(number: number, text: line)
            }
            return nil
        }

        /// The bytes up to the next line end (or the last, unterminated line).
        private func nextRawLine() throws(CheckError) -> ArraySlice<UInt8>? {
            while true {
                if let end = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                    if fd != nil, end - start > TargetListFile.lineLimit { throw tooLong() }
                    defer { start = end + 1 }
                    return buffer[start..<end]
                }
                if ended {
                    guard start < buffer.count else { return nil }
                    defer { start = buffer.count }
                    return buffer[start...]
                }
                try fill()
            }
        }

        /// Ends the list: the next line is longer than any target.
        private func tooLong() -> CheckError {
            ended = true
            buffer = []
            start = 0
            return CheckError.input("line \(number + 1) of the target list on standard input is longer than 64 KiB")
        }

        /// Reads more from the descriptor, dropping the lines already handed out.
        private func fill() throws(CheckError) {
            guard let fd else { ended = true; return }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            guard buffer.count <= TargetListFile.lineLimit else { throw tooLong() }
            var chunk = [UInt8](repeating: 0, count: 16384)
            while true {
                let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    buffer += chunk[0..<n]
                    return
                }
                if n < 0, errno == EINTR { continue }
                ended = true
                if n < 0 {
                    throw CheckError.input("cannot read target list from standard input: \(String(cString: strerror(errno)))")
                }
                return
            }
        }
    }
}
