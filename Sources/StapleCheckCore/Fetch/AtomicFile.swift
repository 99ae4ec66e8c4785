#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file so that readers see either the old bytes or the new, never a mix: a
/// temporary file in the same directory, fsync, rename over the target, fsync the directory.
enum AtomicFile {
    /// `.NAME.staplecheck-PID.tmp` beside the target: the PID tells a dead writer's leftover.
    static func temporaryName(for path: String, pid: Int32) -> String {
        let (dir, name) = split(path)
        return dir + "/." + name + ".staplecheck-\(pid).tmp"
    }

    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }

    static func replace(_ path: String, with bytes: [UInt8]) throws(CheckError) {
        func fail(_ what: String, _ code: Int32 = errno) -> CheckError {
            CheckError.io("cannot write \(path): \(what): \(String(cString: strerror(code)))")
        }
        let temporary = temporaryName(for: path, pid: getpid())
        var mode: mode_t = 0o644
        var current = stat()
        if stat(path, &current) == 0 { mode = current.st_mode & 0o7777 }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw fail("cannot create \(temporary)") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let error = fail("write")
                close(fd)
                unlink(temporary)
                throw error
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let error = fail("fsync")
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = fail("rename")
            unlink(temporary)
            throw error
        }
        let dir = open(split(path).directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir)  // the rename itself survives a crash
            close(dir)
        }
    }

    /// Removes temporary files left by writers that died before their rename.
    static func removeOrphans(of path: String) {
        let (dir, name) = split(path)
        guard let handle = opendir(dir) else { return }
        defer { closedir(handle) }
        let prefix = "." + name + ".staplecheck-"
        while let entry = readdir(handle) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard entryName.hasPrefix(prefix), entryName.hasSuffix(".tmp"),
                  let pid = Int32(entryName.dropFirst(prefix.count).dropLast(4)), pid > 0 else { continue }
            if !isRunning(pid) { unlink(dir + "/" + entryName) }
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
}
