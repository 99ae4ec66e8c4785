#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// getaddrinfo(3), bounded by the check's deadline: the lookup runs on another thread and
/// is abandoned (not cancelled: glibc cannot) when time runs out.
public struct SystemResolver: Resolver {
    public init() {}

    public func resolve(host: String, port: Int, deadline: Deadline) throws(CheckError) -> [SocketAddress] {
        if let literal = SocketAddress(ip: host, port: port) { return [literal] }
        final class Box: @unchecked Sendable {  // written once before the semaphore signals, read after
            var result: Result<[SocketAddress], CheckError> = .failure(CheckError.timeout(""))
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            // A and AAAA alike, without AI_ADDRCONFIG: an address this machine cannot
            // route to is reported as not checked rather than silently left out.
            hints.ai_family = AF_UNSPEC
            do throws(CheckError) {
                box.result = .success(try SocketAddress.getaddrinfo(host, port, hints: hints))
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        guard done.wait(timeout: .now() + .milliseconds(deadline.remainingMilliseconds)) == .success else {
            throw CheckError.timeout("timed out resolving \(host)")
        }
        return try box.result.get()
    }
}
