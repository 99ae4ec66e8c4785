internal import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// What one TLS handshake showed: plain bytes, safe to hand to another task.
public struct HandshakeCapture: Sendable, Equatable {
    /// The address connected to ("127.0.0.1:8443").
    public var address: String
    /// "TLSv1.3", "TLSv1.2".
    public var tlsVersion: String
    public var cipher: String
    /// The certificates the server sent, leaf first, DER.
    public var chainDER: [[UInt8]]
    /// The stapled OCSP response; nil when the server sent none.
    public var stapleDER: [UInt8]?
    /// The server failed the handshake when asked for OCSP status and succeeded without
    /// the request; `stapleDER` is then nil and the rejection is kept here.
    public var statusRequestRejection: String?

    public init(address: String, tlsVersion: String, cipher: String, chainDER: [[UInt8]], stapleDER: [UInt8]?,
                statusRequestRejection: String? = nil) {
        self.address = address
        self.tlsVersion = tlsVersion
        self.cipher = cipher
        self.chainDER = chainDER
        self.stapleDER = stapleDER
        self.statusRequestRejection = statusRequestRejection
    }
}

/// Owns one client `SSL_CTX*`: TLS 1.2–1.3, no verification during the handshake (the
/// analysis verifies everything afterwards, so a bad chain still yields its staple), and
/// security level 0 so that weak servers can still be inspected.
final class TLSClientContext {
    let pointer: OpaquePointer

    init() throws(CheckError) {
        guard let ctx = SSL_CTX_new(TLS_client_method()) else {
            throw CheckError(code: "internal", message: "cannot create TLS context: \(OpenSSLErrors.describe(OpenSSLErrors.drain(), fallback: "?"))")
        }
        pointer = ctx
        _ = sc_SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION)
        _ = sc_SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION)
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
        SSL_CTX_set_security_level(ctx, 0)
        _ = SSL_CTX_set_options(ctx, sc_SSL_OP_NO_TICKET())
    }

    deinit { SSL_CTX_free(pointer) }
}

/// Owns one `SSL*` bound to a socket the caller keeps alive.
final class TLSConnection {
    let pointer: OpaquePointer

    init(context: TLSClientContext, socket: Socket, serverName: String?, requestStatus: Bool) throws(CheckError) {
        guard let ssl = SSL_new(context.pointer) else {
            throw CheckError(code: "internal", message: "cannot create TLS connection")
        }
        pointer = ssl
        _ = SSL_set_fd(ssl, socket.fd)
        if let serverName { _ = sc_SSL_set_tlsext_host_name(ssl, serverName) }
        if requestStatus { _ = sc_SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp) }
    }

    deinit { SSL_free(pointer) }

    /// Drives SSL_connect on the non-blocking socket until done, failed or past the deadline.
    func handshake(socket: Socket, address: SocketAddress, deadline: Deadline) throws(CheckError) {
        while true {
            OpenSSLErrors.clear()
            let rc = SSL_connect(pointer)
            if rc == 1 { return }
            let error = SSL_get_error(pointer, rc)
            let savedErrno = errno
            let entries = OpenSSLErrors.drain()
            switch error {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                let events = Int16(error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT)
                guard try socket.wait(for: events, deadline: deadline) else {
                    throw CheckError(code: "timeout", message: "timed out during the TLS handshake with \(address) (the server accepted but did not complete a handshake)")
                }
            case SSL_ERROR_SYSCALL where entries.isEmpty:
                if savedErrno == ECONNRESET || savedErrno == EPIPE {
                    throw CheckError(code: "closed", message: "\(address) reset the connection during the TLS handshake")
                }
                throw CheckError(code: "closed", message: "\(address) closed the connection during the TLS handshake" + (savedErrno != 0 ? ": \(String(cString: strerror(savedErrno)))" : ""))
            case SSL_ERROR_ZERO_RETURN:
                throw CheckError(code: "closed", message: "\(address) closed the connection during the TLS handshake")
            default:
                throw Self.classify(entries, address: address)
            }
        }
    }

    private static func classify(_ entries: [OpenSSLErrorEntry], address: SocketAddress) -> CheckError {
        let description = OpenSSLErrors.describe(entries, fallback: "handshake failed")
        let ssl = entries.filter { $0.library == ERR_LIB_SSL }.map(\.reason)
        if ssl.contains(where: { [SSL_R_WRONG_VERSION_NUMBER, SSL_R_PACKET_LENGTH_TOO_LONG, SSL_R_RECORD_LENGTH_MISMATCH,
                                  SSL_R_UNEXPECTED_RECORD, SSL_R_HTTP_REQUEST, SSL_R_HTTPS_PROXY_REQUEST].contains($0) }) {
            return CheckError(code: "not-tls", message: "\(address) does not speak TLS (\(description)); is this a plain-HTTP or other non-TLS port?")
        }
        if ssl.contains(where: { [SSL_R_UNSUPPORTED_PROTOCOL, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION].contains($0) }) {
            return CheckError(code: "protocol-version", message: "\(address) offers neither TLS 1.2 nor TLS 1.3 (\(description))")
        }
        // Alerts from the peer: SSL_R_SSLV3_ALERT_* and SSL_R_TLSV1_ALERT_* are the alert
        // description plus 1000 (SSL_AD_REASON_OFFSET).
        if ssl.contains(where: { (1000...1255).contains($0) }) {
            return CheckError(code: "alert", message: "\(address) aborted the TLS handshake (\(description))")
        }
        return CheckError(code: "handshake", message: "TLS handshake with \(address) failed (\(description))")
    }

    func capture(address: SocketAddress) -> HandshakeCapture {
        let version = SSL_get_version(pointer).map { String(cString: $0) } ?? "unknown"
        let cipher = SSL_get_current_cipher(pointer).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) } ?? "unknown"
        var chain: [[UInt8]] = []
        // Client side: the peer chain includes the leaf. Borrowed; copied out as DER at once.
        if let stack = SSL_get_peer_cert_chain(pointer) {
            for i in 0..<sc_sk_X509_num(stack) {
                if let cert = sc_sk_X509_value(stack, i) { chain.append(X509Certificate(borrowing: cert).der) }
            }
        }
        var staple: [UInt8]?
        var bytes: UnsafePointer<UInt8>?
        let length = sc_SSL_get_tlsext_status_ocsp_resp(pointer, &bytes)  // -1: no staple
        if length >= 0, let bytes {
            staple = Array(UnsafeBufferPointer(start: bytes, count: length))
        } else if length == 0 {
            staple = []
        }
        return HandshakeCapture(address: address.description, tlsVersion: version, cipher: cipher, chainDER: chain, stapleDER: staple)
    }

    /// Best-effort close_notify; never waits for the peer's.
    func shutdown() {
        _ = SSL_shutdown(pointer)
        OpenSSLErrors.clear()
    }
}

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
        guard !addresses.isEmpty else { throw CheckError(code: "dns", message: "\(target.host) has no addresses") }
        let context = try TLSClientContext()
        var lastError = CheckError(code: "unreachable", message: "no address of \(target.host) could be reached")
        for address in addresses {
            do throws(CheckError) {
                return try attemptWithFallback(address, context: context, serverName: serverName, deadline: deadline)
            } catch where error.code == "refused" || error.code == "unreachable" {
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
        guard failure.code == "alert" || failure.code == "closed",
              var capture = try? attempt(address, context: context, serverName: serverName, requestStatus: false, deadline: deadline)
        else { throw failure }
        capture.statusRequestRejection = failure.message
        return capture
    }

    private func attempt(_ address: SocketAddress, context: TLSClientContext, serverName: String?, requestStatus: Bool,
                         deadline: Deadline) throws(CheckError) -> HandshakeCapture {
        let socket = try Socket.connect(to: address, deadline: deadline)
        let connection = try TLSConnection(context: context, socket: socket, serverName: serverName, requestStatus: requestStatus)
        try connection.handshake(socket: socket, address: address, deadline: deadline)
        let capture = connection.capture(address: address)
        connection.shutdown()
        return capture
    }
}
