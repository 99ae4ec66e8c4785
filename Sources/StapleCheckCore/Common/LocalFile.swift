#if canImport(Glibc)
import Glibc
#endif

/// The one way staplecheck reads a file (inspected files, --cert, --issuer, --ca-file, the
/// staple file `fetch` replaces): never blocking, regular files only, at most `limit`
/// bytes. A FIFO without a writer, a socket, a device or a directory is refused before it
/// is opened, and checked again on the open descriptor (O_NONBLOCK, so that even a FIFO
/// swapped in between cannot block the open), so that a cron job never stalls on one.
enum LocalFile {
    /// What a name refers to, in the words of error messages.
    enum Kind: Equatable {
        case regular, directory, fifo, socket, characterDevice, blockDevice, symbolicLink, other

        init(mode: mode_t) {
            switch mode & S_IFMT {
            case S_IFREG: self = .regular
            case S_IFDIR: self = .directory
            case S_IFIFO: self = .fifo
            case S_IFSOCK: self = .socket
            case S_IFCHR: self = .characterDevice
            case S_IFBLK: self = .blockDevice
            case S_IFLNK: self = .symbolicLink
            default: self = .other
            }
        }

        /// "is a FIFO (named pipe)", … : why it is not read or replaced.
        var refusal: String {
            switch self {
            case .regular: "is a regular file"
            case .directory: "is a directory"
            case .fifo: "is a FIFO (named pipe), not a regular file"
            case .socket: "is a socket, not a regular file"
            case .characterDevice: "is a character device, not a regular file"
            case .blockDevice: "is a block device, not a regular file"
            case .symbolicLink: "is a symbolic link"
            case .other: "is not a regular file"
            }
        }
    }

    /// Why a file was not read, in one line naming it ("/run/x: is a FIFO (named pipe), not a
    /// regular file"); callers turn it into their `input` error.
    struct Failure: Error {
        let message: String
    }

    /// The file's bytes. Every failure names the file: missing, unreadable, not a regular
    /// file, empty, or larger than `limit` (described as `limitText`).
    static func read(_ path: RawPath, limit: Int, limitText: String) throws(Failure) -> [UInt8] {
        func fail(_ why: String) -> Failure { Failure(message: "\(path): \(why)") }
        guard let before = status(of: path, following: true) else { throw fail(String(cString: strerror(errno))) }
        let kind = Kind(mode: before.st_mode)
        guard kind == .regular else { throw fail(kind.refusal) }
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) } ?? -1
        guard fd >= 0 else { throw fail(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail(String(cString: strerror(errno))) }
        guard Kind(mode: info.st_mode) == .regular else { throw fail(Kind(mode: info.st_mode).refusal) }
        guard info.st_size <= limit else { throw fail("too large (\(info.st_size) bytes; the limit is \(limitText))") }
        // One byte more than the limit, so that a file that grew after fstat is caught.
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            count += n
            if count == bytes.count, count <= limit { bytes += [UInt8](repeating: 0, count: min(limit + 1, count * 2) - count) }
        }
        guard count <= limit else { throw fail("too large (the limit is \(limitText))") }
        guard count > 0 else { throw fail("is empty") }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// stat(2) or lstat(2) of the name; nil with errno set when it fails.
    static func status(of path: RawPath, following: Bool) -> stat? {
        var info = stat()
        let rc = path.withCString { following ? stat($0, &info) : lstat($0, &info) }
        guard let rc else {
            errno = EINVAL
            return nil
        }
        return rc == 0 ? info : nil
    }
}
