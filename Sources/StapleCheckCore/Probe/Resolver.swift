#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// The seam between a check and name resolution: the CLI uses `SystemResolver`; tests
/// inject their own so that no query ever leaves the machine.
public protocol Resolver: Sendable {
    func resolve(host: String, port: Int, deadline: Deadline) throws(CheckError) -> [SocketAddress]
}
