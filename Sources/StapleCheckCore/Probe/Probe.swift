#if canImport(Glibc)
import Glibc
#endif

/// Connects to the first reachable address and performs one handshake.
public struct Probe: Sendable {
    public var resolver: any Resolver

    public init(resolver: any Resolver = SystemResolver()) {
        self.resolver = resolver
    }

    /// One handshake with status_request; if the server aborts it, one more without, to
    /// tell "this server breaks when asked for OCSP" from "this server is broken".
    public func handshake(_ target: Target, serverName: String?, deadline: Deadline) throws(CheckError) -> HandshakeCapture {
        let addresses = try resolver.resolve(host: target.host, port: target.port, deadline: deadline)
        guard !addresses.isEmpty else { throw CheckError.dns("\(target.host) has no addresses") }
        let context = try TLSClientContext()
        var lastError = CheckError.unreachable("no address of \(target.host) could be reached")
        for address in addresses {
            do throws(CheckError) {
                return try attemptWithFallback(address, context: context, serverName: serverName, deadline: deadline)
            } catch where error.code == .refused || error.code == .unreachable {
                lastError = error  // try the next address
            }
        }
        throw lastError
    }

    private func attemptWithFallback(_ address: SocketAddress, context: TLSClientContext, serverName: String?,
                                     deadline: Deadline) throws(CheckError) -> HandshakeCapture {
        var failure: CheckError
        do throws(CheckError) {
            return try attempt(address, context: context, serverName: serverName, requestStatus: true, deadline: deadline)
        } catch {
            failure = error
        }
        failure.address = address.description
        guard failure.code == .alert || failure.code == .closed,
              var capture = try? attempt(address, context: context, serverName: serverName, requestStatus: false, deadline: deadline)
        else { throw failure }
        capture.statusRequestRejection = failure.message
        return capture
    }

    private func attempt(_ address: SocketAddress, context: TLSClientContext, serverName: String?, requestStatus: Bool,
                         deadline: Deadline) throws(CheckError) -> HandshakeCapture {
        let socket = try Socket.connect(to: address, deadline: deadline)
        let connection = try TLSConnection(context: context, socket: socket, serverName: serverName, requestStatus: requestStatus)
        try connection.handshake(address: address, deadline: deadline)
        let capture = connection.capture(address: address)
        connection.shutdown()
        return capture
    }
}
