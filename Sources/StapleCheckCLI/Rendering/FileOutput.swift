#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to a file descriptor (stderr for one-line errors, a batch's results).
struct FileOutput {
    var fd: Int32

    static let standardError = FileOutput(fd: STDERR_FILENO)

    /// Writes all of `text` (false, with errno set, when the descriptor refused it).
    @discardableResult
    func write(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}
