#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Owns one socket file descriptor.
final class Socket {
    let fd: Int32

    init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Connects without blocking beyond the deadline.
    static func connect(to address: SocketAddress, deadline: Deadline) throws(CheckError) -> Socket {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            if errno == EAFNOSUPPORT { throw CheckError.noLocalRoute("cannot connect to \(address): this machine has no IPv6") }
            throw CheckError.io("cannot create socket: \(String(cString: strerror(errno)))")
        }
        let socket = Socket(fd: fd)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let rc = address.storage.withUnsafeBytes { raw in
            Glibc.connect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if rc != 0 {
            guard errno == EINPROGRESS else { throw connectError(errno, address) }
            guard try socket.wait(for: Int16(POLLOUT), deadline: deadline) else {
                throw CheckError.timeout("timed out connecting to \(address)")
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 { throw connectError(error, address) }
        }
        return socket
    }

    /// Waits until the socket is ready for `events`; false when the deadline passed first.
    func wait(for events: Int16, deadline: Deadline) throws(CheckError) -> Bool {
        while true {
            let remaining = deadline.remainingMilliseconds
            if remaining == 0 { return false }
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            let rc = poll(&pfd, 1, Int32(min(remaining, Int(Int32.max))))
            if rc > 0 { return true }
            if rc == 0 { return false }
            if errno == EINTR { continue }
            throw CheckError.io("poll failed: \(String(cString: strerror(errno)))")
        }
    }

    private static func connectError(_ code: Int32, _ address: SocketAddress) -> CheckError {
        let why = String(cString: strerror(code))
        switch code {
        case ECONNREFUSED: return CheckError.refused("connection refused by \(address)")
        case ETIMEDOUT: return CheckError.timeout("timed out connecting to \(address)")
        // Decided on this machine before any packet left: no route, no source address.
        case ENETUNREACH, EADDRNOTAVAIL, EAFNOSUPPORT:
            return CheckError.noLocalRoute("cannot connect to \(address): \(why) (this machine has no route there)")
        default: return CheckError.unreachable("cannot connect to \(address): \(why)")
        }
    }
}
