#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a staple file so that readers see either the old bytes or the new, never a mix:
/// a temporary file in the same directory, fsync, rename over the target, fsync the
/// directory.
///
/// What may be replaced (checked before anything is fetched, and again just before the
/// rename): a name that does not exist yet (it is created), or a regular file. A symbolic
/// link is followed, and the file it resolves to is replaced in that file's own directory
/// (the link stays a link), but only when that file is a regular file that already holds
/// an OCSP response: `fetch` never writes through a link to anything that is not a staple.
/// A device, FIFO, socket or directory, a dangling link or a link to one of those is
/// refused with an `input` error and left as it is.
enum AtomicFile {
    /// The file that replacing `path` writes: `path` itself, or the staple file a symbolic
    /// link resolves to.
    static func target(for path: RawPath) throws(CheckError) -> RawPath {
        func refuse(_ why: String) -> CheckError {
            CheckError.input("\(path) \(why); fetch replaces only a regular staple file, so nothing was changed")
        }
        guard let info = LocalFile.status(of: path, following: false) else {
            if errno == ENOENT { return path }
            throw CheckError.input("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        switch LocalFile.Kind(mode: info.st_mode) {
        case .regular:
            return path
        case .symbolicLink:
            guard let resolved = resolve(path) else {
                throw refuse("is a symbolic link that leads to no file (\(String(cString: strerror(errno))))")
            }
            guard let target = LocalFile.status(of: resolved, following: false) else {
                throw refuse("is a symbolic link to \(resolved), which cannot be examined (\(String(cString: strerror(errno))))")
            }
            let kind = LocalFile.Kind(mode: target.st_mode)
            guard kind == .regular else { throw refuse("is a symbolic link to \(resolved), which \(kind.refusal)") }
            guard holdsStaple(resolved) else {
                throw refuse("is a symbolic link to \(resolved), which does not hold an OCSP response")
            }
            return resolved
        case let kind:
            throw refuse(kind.refusal)
        }
    }

    /// Writes `bytes` in place of the file `path` names (see `target(for:)`).
    static func replace(_ path: RawPath, with bytes: [UInt8]) throws(CheckError) {
        let target = try target(for: path)
        func fail(_ what: String, _ code: Int32 = errno) -> CheckError {
            CheckError.io("cannot write \(target): \(what): \(String(cString: strerror(code)))")
        }
        let temporary = temporaryName(for: target, pid: getpid())
        var mode: mode_t = 0o644
        if let current = LocalFile.status(of: target, following: false) { mode = current.st_mode & 0o7777 }
        let fd = temporary.withCString { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode) } ?? -1
        guard fd >= 0 else { throw fail("cannot create \(temporary)") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let error = fail("write")
                close(fd)
                _ = temporary.withCString { unlink($0) }
                throw error
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let error = fail("fsync")
            close(fd)
            _ = temporary.withCString { unlink($0) }
            throw error
        }
        close(fd)
        let renamed = temporary.withCString { from in target.withCString { to in rename(from, to) } ?? -1 } ?? -1
        guard renamed == 0 else {
            let error = fail("rename")
            _ = temporary.withCString { unlink($0) }
            throw error
        }
        let dir = target.split.directory.withCString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } ?? -1
        if dir >= 0 {
            _ = fsync(dir)  // the rename itself survives a crash
            close(dir)
        }
    }

    /// `.NAME.staplecheck-PID.tmp` beside the target: the PID tells a dead writer's leftover.
    static func temporaryName(for path: RawPath, pid: Int32) -> RawPath {
        let (dir, name) = path.split
        return dir.appending(Array(".".utf8) + name + Array(".staplecheck-\(pid).tmp".utf8))
    }

    /// Removes temporary files left by writers that died before their rename.
    static func removeOrphans(of path: RawPath) {
        let (dir, name) = path.split
        guard let handle = dir.withCString({ opendir($0) }) ?? nil else { return }
        defer { closedir(handle) }
        let prefix = Array(".".utf8) + name + Array(".staplecheck-".utf8)
        let suffix = Array(".tmp".utf8)
        while let entry = readdir(handle) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            guard entryName.count > prefix.count + suffix.count, entryName.starts(with: prefix),
                  Array(entryName.suffix(suffix.count)) == suffix,
                  let pid = Int32(String(decoding: entryName[prefix.count..<(entryName.count - suffix.count)], as: UTF8.self)),
                  pid > 0 else { continue }
            if !isRunning(pid) { _ = dir.appending(entryName).withCString { unlink($0) } }
        }
    }

    /// A process that exists and is not a zombie (a killed writer can stay one until its
    /// new parent reaps it). A reused PID keeps a leftover: the safe side.
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = read(fd, &buffer, buffer.count)
        // "PID (COMM) STATE …": the state follows the last ')', COMM may hold anything.
        guard n > 0, let close = buffer[0..<n].lastIndex(of: UInt8(ascii: ")")), close + 2 < n else { return true }
        return buffer[close + 2] != UInt8(ascii: "Z")
    }

    /// The absolute name a symbolic link finally resolves to; nil (errno set) when it
    /// leads nowhere.
    private static func resolve(_ path: RawPath) -> RawPath? {
        guard let resolved = path.withCString({ realpath($0, nil) }) ?? nil else { return nil }
        defer { free(resolved) }
        return RawPath(cString: resolved)
    }

    /// The file holds an OCSP response (DER, PEM or base64; valid or not).
    private static func holdsStaple(_ path: RawPath) -> Bool {
        guard let bytes = try? InputDecoder.read(path), let (decoded, _) = try? InputDecoder.decode(bytes, name: path.description),
              case .ocspResponse = decoded else { return false }
        return true
    }
}
