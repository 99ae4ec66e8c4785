internal import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// Owns one `SSL*` and the socket it is bound to: the descriptor OpenSSL reads and writes
/// lives exactly as long as the connection.
final class TLSConnection: OpenSSLOwner {
    private let pointer: OpaquePointer
    private let socket: Socket
    private let request: HandshakeRequest
    /// Filled by OpenSSL's message callback while `pointer` lives (this object owns both).
    private let sizes = HandshakeMessageSizes()
    /// The handshake failed because the server's TLS 1.2 CertificateStatus message (the
    /// staple) is larger than OpenSSL reads: SSL3_RT_MAX_PLAIN_LENGTH, a limit fixed in
    /// `ossl_statem_client_max_message_size` (statem_clnt.c), unlike the Certificate
    /// message's (SSL_CTX_set_max_cert_list).
    private(set) var refusedOversizedStatus = false

    init(context: TLSClientContext, socket: Socket, serverName: String?, requestStatus: Bool,
         request: HandshakeRequest = .ordinary) throws(CheckError) {
        guard let ssl = context.withPointer({ SSL_new($0) }) else {
            throw CheckError.internal("cannot create TLS connection")
        }
        pointer = ssl
        self.socket = socket
        self.request = request  // every property set: a throw below still frees `ssl` in deinit
        _ = SSL_set_fd(ssl, socket.fd)
        if let serverName { _ = sc_SSL_set_tlsext_host_name(ssl, serverName) }
        if requestStatus { _ = sc_SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp) }
        if let sigalgs = request.family.sigalgs, sc_SSL_set1_sigalgs_list(ssl, sigalgs) != 1 {
            OpenSSLErrors.clear()
            throw CheckError.internal("OpenSSL refuses the signature algorithms \(sigalgs)")
        }
        switch request.versions {
        case .any: break
        case .tls13:
            _ = sc_SSL_set_min_proto_version(ssl, TLS1_3_VERSION)
            _ = sc_SSL_set_max_proto_version(ssl, TLS1_3_VERSION)
        case .tls12:
            _ = sc_SSL_set_min_proto_version(ssl, TLS1_2_VERSION)
            _ = sc_SSL_set_max_proto_version(ssl, TLS1_2_VERSION)
        }
        sizes.observe(ssl)
    }

    deinit { SSL_free(pointer) }

    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try withExtendedLifetime(self) { () throws(E) -> T in try body(pointer) }
    }

    /// Drives SSL_connect on the non-blocking socket until done, failed or past the deadline.
    func handshake(address: SocketAddress, deadline: Deadline) throws(CheckError) {
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
                    throw CheckError.timeout("timed out during the TLS handshake with \(address) (the server accepted but did not complete a handshake)")
                }
            case SSL_ERROR_SYSCALL where entries.isEmpty:
                if savedErrno == ECONNRESET || savedErrno == EPIPE {
                    throw CheckError.closed("\(address) reset the connection during the TLS handshake")
                }
                throw CheckError.closed("\(address) closed the connection during the TLS handshake" + (savedErrno != 0 ? ": \(String(cString: strerror(savedErrno)))" : ""))
            case SSL_ERROR_ZERO_RETURN:
                throw CheckError.closed("\(address) closed the connection during the TLS handshake")
            default:
                if SSL_get_state(pointer) == TLS_ST_CR_CERT_STATUS,
                   entries.contains(where: { $0.library == ERR_LIB_SSL && $0.reason == SSL_R_EXCESSIVE_MESSAGE_SIZE }) {
                    refusedOversizedStatus = true
                }
                throw Self.classify(entries, address: address)
            }
        }
    }

    private static func classify(_ entries: [OpenSSLErrorEntry], address: SocketAddress) -> CheckError {
        let description = OpenSSLErrors.describe(entries, fallback: "handshake failed")
        let ssl = entries.filter { $0.library == ERR_LIB_SSL }.map(\.reason)
        if ssl.contains(where: { [SSL_R_WRONG_VERSION_NUMBER, SSL_R_PACKET_LENGTH_TOO_LONG, SSL_R_RECORD_LENGTH_MISMATCH,
                                  SSL_R_UNEXPECTED_RECORD, SSL_R_HTTP_REQUEST, SSL_R_HTTPS_PROXY_REQUEST].contains($0) }) {
            return CheckError.notTLS("\(address) does not speak TLS (\(description)); is this a plain-HTTP or other non-TLS port?")
        }
        if ssl.contains(where: { [SSL_R_UNSUPPORTED_PROTOCOL, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION].contains($0) }) {
            return CheckError.protocolVersion("\(address) offers neither TLS 1.2 nor TLS 1.3 (\(description))")
        }
        // Alerts from the peer: SSL_R_SSLV3_ALERT_* and SSL_R_TLSV1_ALERT_* are the alert
        // description plus 1000 (SSL_AD_REASON_OFFSET).
        if ssl.contains(where: { (1000...1255).contains($0) }) {
            return CheckError.alert("\(address) aborted the TLS handshake (\(description))")
        }
        return CheckError.handshake("TLS handshake with \(address) failed (\(description))")
    }

    func capture(address: SocketAddress) -> HandshakeCapture {
        let version = TLSVersion(rawValue: SSL_get_version(pointer).map { String(cString: $0) } ?? "unknown")
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
        return HandshakeCapture(address: address.description, tlsVersion: version, cipher: cipher, chainDER: chain, stapleDER: staple,
                                request: request, certificateMessageSize: sizes.certificate)
    }

    /// Best-effort close_notify; never waits for the peer's.
    func shutdown() {
        _ = SSL_shutdown(pointer)
        OpenSSLErrors.clear()
    }
}
