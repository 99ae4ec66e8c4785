#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// IP literal helpers (inet_pton, so "1.2.3" and "::g" are not addresses).
enum IPAddress {
    static func isIPv4(_ s: String) -> Bool {
        var a = in_addr()
        return inet_pton(AF_INET, s, &a) == 1
    }

    static func isIPv6(_ s: String) -> Bool {
        var a = in6_addr()
        return inet_pton(AF_INET6, s, &a) == 1
    }

    static func isIP(_ s: String) -> Bool { isIPv4(s) || isIPv6(s) }
}

/// One resolved socket address, stored as raw sockaddr bytes (Sendable, no pointers).
public struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    var family: Int32
    var storage: [UInt8]

    /// "192.0.2.1:443" or "[2001:db8::1]:443".
    public var description: String {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var serv = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let rc = storage.withUnsafeBytes { raw in
            getnameinfo(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(storage.count),
                        &host, socklen_t(host.count), &serv, socklen_t(serv.count), NI_NUMERICHOST | NI_NUMERICSERV)
        }
        guard rc == 0 else { return "?" }
        let h = string(fromCBuffer: host)
        let p = string(fromCBuffer: serv)
        return family == AF_INET6 ? "[\(h)]:\(p)" : "\(h):\(p)"
    }

    /// A numeric IP literal turned into an address without any lookup.
    public init?(ip: String, port: Int) {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        guard let list = try? Self.getaddrinfo(ip, port, hints: hints), let first = list.first else { return nil }
        self = first
    }

    init(family: Int32, storage: [UInt8]) {
        self.family = family
        self.storage = storage
    }

    static func getaddrinfo(_ host: String, _ port: Int, hints: addrinfo) throws(CheckError) -> [SocketAddress] {
        var hints = hints
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = Glibc.getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let result else {
            let why = String(cString: gai_strerror(rc))
            throw CheckError(code: "dns", message: "cannot resolve \(host): \(why)")
        }
        defer { freeaddrinfo(result) }
        var out: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = result
        while let entry = cursor {
            if let addr = entry.pointee.ai_addr {
                let bytes = UnsafeRawBufferPointer(start: addr, count: Int(entry.pointee.ai_addrlen))
                let candidate = SocketAddress(family: entry.pointee.ai_family, storage: Array(bytes))
                if !out.contains(candidate) { out.append(candidate) }
            }
            cursor = entry.pointee.ai_next
        }
        return out
    }
}

/// The seam between a check and name resolution: the CLI uses `SystemResolver`; tests
/// inject their own so that no query ever leaves the machine.
public protocol Resolver: Sendable {
    func resolve(host: String, port: Int, deadline: Deadline) throws(CheckError) -> [SocketAddress]
}

/// getaddrinfo(3), bounded by the check's deadline: the lookup runs on another thread and
/// is abandoned (not cancelled: glibc cannot) when time runs out.
public struct SystemResolver: Resolver {
    public init() {}

    public func resolve(host: String, port: Int, deadline: Deadline) throws(CheckError) -> [SocketAddress] {
        if let literal = SocketAddress(ip: host, port: port) { return [literal] }
        final class Box: @unchecked Sendable {  // written once before the semaphore signals, read after
            var result: Result<[SocketAddress], CheckError> = .failure(CheckError(code: "timeout", message: ""))
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_flags = AI_ADDRCONFIG
            do throws(CheckError) {
                box.result = .success(try SocketAddress.getaddrinfo(host, port, hints: hints))
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        guard done.wait(timeout: .now() + .milliseconds(deadline.remainingMilliseconds)) == .success else {
            throw CheckError(code: "timeout", message: "timed out resolving \(host)")
        }
        return try box.result.get()
    }
}

/// A point in monotonic time by which the whole check must be done.
public struct Deadline: Sendable {
    private var end: timespec

    public init(seconds: Double) {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let total = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 + max(0, seconds)
        end = timespec(tv_sec: Int(total), tv_nsec: Int((total - Double(Int(total))) * 1e9))
    }

    public var remainingMilliseconds: Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let ms = (end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec) / 1_000_000
        return max(0, ms)
    }

    public var expired: Bool { remainingMilliseconds == 0 }
}

/// Owns one socket file descriptor.
final class Socket {
    let fd: Int32

    init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Connects without blocking beyond the deadline.
    static func connect(to address: SocketAddress, deadline: Deadline) throws(CheckError) -> Socket {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw CheckError(code: "io", message: "cannot create socket: \(String(cString: strerror(errno)))") }
        let socket = Socket(fd: fd)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let rc = address.storage.withUnsafeBytes { raw in
            Glibc.connect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if rc != 0 {
            guard errno == EINPROGRESS else { throw connectError(errno, address) }
            guard try socket.wait(for: Int16(POLLOUT), deadline: deadline) else {
                throw CheckError(code: "timeout", message: "timed out connecting to \(address)")
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
            throw CheckError(code: "io", message: "poll failed: \(String(cString: strerror(errno)))")
        }
    }

    private static func connectError(_ code: Int32, _ address: SocketAddress) -> CheckError {
        let why = String(cString: strerror(code))
        switch code {
        case ECONNREFUSED: return CheckError(code: "refused", message: "connection refused by \(address)")
        case ETIMEDOUT: return CheckError(code: "timeout", message: "timed out connecting to \(address)")
        default: return CheckError(code: "unreachable", message: "cannot connect to \(address): \(why)")
        }
    }
}
