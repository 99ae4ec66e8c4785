import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A free port to give a server: bound, then closed. Nothing listens on it when it is
/// returned, but any process may take it from then on; for "nothing listens there" use
/// `refusingPort()`.
func closedPort() -> Int {
    let (fd, port) = boundLoopbackSocket()
    close(fd)
    return port
}

/// A port on 127.0.0.1 that refuses connections for the rest of the test process: bound,
/// never listening and never released, so that no other test's server can be given it in
/// the meantime (as `closedPort()`'s can, once it is closed). For "nothing listens there".
func refusingPort() -> Int {
    // The descriptor stays open until the process ends.
    boundLoopbackSocket().port
}

/// A TCP socket (close-on-exec: no child holds it) bound to a port of 127.0.0.1 the system
/// picked, not listening.
private func boundLoopbackSocket() -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return (fd, Int(UInt16(bigEndian: addr.sin_port)))
}
