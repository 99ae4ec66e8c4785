#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to a file descriptor (stderr for one-line errors).
struct FileOutput {
    var fd: Int32

    static let standardError = FileOutput(fd: STDERR_FILENO)

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }
}
