#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

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
            throw CheckError.dns("cannot resolve \(host): \(why)")
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
