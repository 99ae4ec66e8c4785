#if canImport(Glibc)
import Glibc
#endif

/// Makes the handshakes of a check: every address, every certificate, both TLS versions,
/// several fresh handshakes each (`Probe+Survey`). Nothing is judged here.
public struct Probe: Sendable {
    public var resolver: any Resolver
    /// How back-off waits are spent (`Backoff`).
    public var backoffWait: any BackoffWait

    public init(resolver: any Resolver = SystemResolver(), backoffWait: any BackoffWait = Sleep()) {
        self.resolver = resolver
        self.backoffWait = backoffWait
    }

    /// What happens on a connection before its TLS handshake: nothing (direct TLS), or the
    /// STARTTLS dialogue of a protocol, asking for `domain` where the protocol names one.
    struct Upgrade {
        var proto: StartTLSProtocol
        var domain: String
    }

    /// One connection's end: a handshake, or a server that offered STARTTLS and refused it.
    enum Attempt {
        case handshake(HandshakeCapture)
        case refused(StartTLSRefusal)
    }

    /// One handshake with status_request; if the server aborts it, one more without, to
    /// tell "this server breaks when asked for OCSP" from "this server is broken".
    func attemptWithFallback(_ address: SocketAddress, context: TLSClientContext, serverName: String?, request: HandshakeRequest,
                             upgrade: Upgrade?, fallback: Bool = true, deadline: Deadline) throws(CheckError) -> Attempt {
        var failure: CheckError
        do throws(CheckError) {
            return try attempt(address, context: context, serverName: serverName, requestStatus: true, request: request, upgrade: upgrade,
                               deadline: deadline)
        } catch {
            failure = error
        }
        failure.address = address.description
        guard fallback, !failure.beforeTLS, failure.code == .alert || failure.code == .closed,
              case .handshake(var capture)? = try? attempt(address, context: context, serverName: serverName, requestStatus: false,
                                                          request: request, upgrade: upgrade, deadline: deadline)
        else { throw failure }
        capture.statusRequestRejection = failure.message
        return .handshake(capture)
    }

    private func attempt(_ address: SocketAddress, context: TLSClientContext, serverName: String?, requestStatus: Bool,
                         request: HandshakeRequest, upgrade: Upgrade?, deadline: Deadline) throws(CheckError) -> Attempt {
        let stopwatch = Stopwatch()
        let socket = try Socket.connect(to: address, deadline: deadline)
        if let upgrade {
            let channel = PlainChannel(socket: socket, address: address, protocolName: upgrade.proto.displayName, deadline: deadline)
            let outcome: StartTLSDialogue.Outcome
            do throws(CheckError) {
                outcome = try StartTLSDialogue.negotiate(upgrade.proto, on: channel, domain: upgrade.domain)
            } catch {
                var failure = error
                failure.beforeTLS = true
                throw failure
            }
            if case .refused(let refusal) = outcome { return .refused(refusal) }
        }
        let connection = try TLSConnection(context: context, socket: socket, serverName: serverName, requestStatus: requestStatus,
                                           request: request)
        do throws(CheckError) {
            try connection.handshake(address: address, deadline: deadline)
        } catch where connection.refusedOversizedStatus {
            // A staple over OpenSSL's fixed 16 KiB CertificateStatus limit (TLS 1.2): what
            // OpenSSL clients refuse is itself the finding. The chain comes from a handshake
            // without the status request; the staple's bytes cannot be had.
            guard case .handshake(var capture) = try attempt(address, context: context, serverName: serverName, requestStatus: false,
                                                             request: request, upgrade: upgrade, deadline: deadline)
            else { throw error }
            capture.stapleTooLargeToRead = true
            return .handshake(capture)
        }
        var capture = connection.capture(address: address)
        capture.handshakeMs = stopwatch.milliseconds
        connection.shutdown()
        return .handshake(capture)
    }
}
