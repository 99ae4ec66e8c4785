#if canImport(Glibc)
import Glibc
#endif

/// Makes the handshakes of a check: every address, every certificate, both TLS versions,
/// several fresh handshakes each (`Probe+Survey`). Nothing is judged here.
public struct Probe: Sendable {
    public var resolver: any Resolver

    public init(resolver: any Resolver = SystemResolver()) {
        self.resolver = resolver
    }

    /// One handshake with status_request; if the server aborts it, one more without, to
    /// tell "this server breaks when asked for OCSP" from "this server is broken".
    func attemptWithFallback(_ address: SocketAddress, context: TLSClientContext, serverName: String?, request: HandshakeRequest,
                             fallback: Bool = true, deadline: Deadline) throws(CheckError) -> HandshakeCapture {
        var failure: CheckError
        do throws(CheckError) {
            return try attempt(address, context: context, serverName: serverName, requestStatus: true, request: request, deadline: deadline)
        } catch {
            failure = error
        }
        failure.address = address.description
        guard fallback, failure.code == .alert || failure.code == .closed,
              var capture = try? attempt(address, context: context, serverName: serverName, requestStatus: false, request: request,
                                         deadline: deadline)
        else { throw failure }
        capture.statusRequestRejection = failure.message
        return capture
    }

    private func attempt(_ address: SocketAddress, context: TLSClientContext, serverName: String?, requestStatus: Bool,
                         request: HandshakeRequest, deadline: Deadline) throws(CheckError) -> HandshakeCapture {
        let socket = try Socket.connect(to: address, deadline: deadline)
        let connection = try TLSConnection(context: context, socket: socket, serverName: serverName, requestStatus: requestStatus,
                                           request: request)
        do throws(CheckError) {
            try connection.handshake(address: address, deadline: deadline)
        } catch where connection.refusedOversizedStatus {
            // A staple over OpenSSL's fixed 16 KiB CertificateStatus limit (TLS 1.2): what
            // OpenSSL clients refuse is itself the finding. The chain comes from a handshake
            // without the status request; the staple's bytes cannot be had.
            var capture = try attempt(address, context: context, serverName: serverName, requestStatus: false, request: request,
                                      deadline: deadline)
            capture.stapleTooLargeToRead = true
            return capture
        }
        let capture = connection.capture(address: address)
        connection.shutdown()
        return capture
    }
}
