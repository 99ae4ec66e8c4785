#if canImport(Glibc)
import Glibc
#endif

/// A `--targets` file: one target per line, `#` comments and blank lines skipped. Read whole
/// (the lines are small; the results are what a batch must not hold), through `LocalFile`
/// for a named file, or from standard input for `-`.
public enum TargetListFile {
    /// One target line: its 1-based number and its text, trimmed of surrounding blanks.
    public struct Line: Sendable, Equatable {
        public var number: Int
        public var text: String
    }

    /// 64 MiB: over a million lines of host names.
    static let limit = 64 << 20

    /// The file's bytes; `path` nil reads standard input to its end.
    public static func read(_ path: RawPath?) throws(CheckError) -> [UInt8] {
        guard let path else { return try readStandardInput() }
        do throws(LocalFile.Failure) {
            return try LocalFile.read(path, limit: limit, limitText: "64 MiB")
        } catch {
            throw CheckError.input("cannot read target list \(error.message)")
        }
    }

    /// The target lines of `bytes`: CR LF or LF line ends, a line whose first non-blank
    /// character is `#` and blank lines left out. Bytes that are not UTF-8 are replaced
    /// (U+FFFD), which makes such a line an invalid target rather than a different one.
    public static func lines(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var number = 0
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let text = String(decoding: raw, as: UTF8.self)
            let trimmed = text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            let line = String(trimmed.reversed())
            if line.isEmpty || line.hasPrefix("#") { continue }
            lines.append(Line(number: number, text: line))
        }
        return lines
    }

    private static func readStandardInput() throws(CheckError) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if n == 0 { return bytes }
            if n < 0 {
                if errno == EINTR { continue }
                throw CheckError.input("cannot read target list from standard input: \(String(cString: strerror(errno)))")
            }
            bytes += buffer[0..<n]
            if bytes.count > limit { throw CheckError.input("target list on standard input is larger than 64 MiB") }
        }
    }
}
