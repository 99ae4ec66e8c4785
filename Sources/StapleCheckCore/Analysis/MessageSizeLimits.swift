/// How large a server's handshake messages may be before real clients abort the handshake
/// ("excessive message size"), and the findings when they are larger. Each limit is quoted
/// from the client's source:
///
/// - OpenSSL (`ssl/statem/statem_clnt.c`, `ossl_statem_client_max_message_size`): a TLS 1.2
///   CertificateStatus message (the staple) of at most `SSL3_RT_MAX_PLAIN_LENGTH`, 16,384
///   bytes, fixed; a Certificate message of at most `max_cert_list`, by default
///   `SSL_MAX_CERT_LIST_DEFAULT` = 102,400 (`SSL_CTX_set_max_cert_list` raises it, which
///   staplecheck does for itself).
/// - BoringSSL (`ssl/handshake.cc`, `ssl_max_handshake_message_len`): on a client, every
///   handshake message up to `max_cert_list`, default 102,400 (`SSL_MAX_CERT_LIST_DEFAULT`).
/// - Go (`crypto/tls`, `maxHandshake` and `maxHandshakeCertificateMsg`): 65,536 bytes for a
///   handshake message, 262,144 for a Certificate message.
///
/// In TLS 1.3 the staple travels inside the Certificate message (an extension of the leaf's
/// entry, at most 65,535 bytes), so there its limit is the Certificate message's.
enum MessageSizeLimits {
    static let openSSLCertificateStatus = 16_384
    static let defaultMaxCertList = 102_400
    static let goHandshakeMessage = 65_536
    static let goCertificateMessage = 262_144

    static func findings(_ capture: HandshakeCapture) -> [Finding] {
        var findings: [Finding] = capture.stapleTooLargeToRead ? [.stapleTooLargeTLS12] : []
        guard let size = capture.certificateMessageSize, size > defaultMaxCertList else { return findings }
        let tls13 = capture.tlsVersion == .tls13
        let withoutStaple = certificateMessageSize(capture.chainDER, tls13: tls13)
        if tls13, let staple = capture.stapleDER, withoutStaple <= defaultMaxCertList {
            findings.append(.stapleTooLargeTLS13(message: size, staple: staple.count, withoutStaple: withoutStaple))
        } else {
            findings.append(.chainTooLarge(message: size))
        }
        return findings
    }

    /// The Certificate message these certificates make without any extension (RFC 8446
    /// §4.4.2, RFC 5246 §7.4.2): header 4, [TLS 1.3: context length 1], list length 3, and
    /// per certificate a 3-byte length [and a 2-byte extensions length].
    static func certificateMessageSize(_ chain: [[UInt8]], tls13: Bool) -> Int {
        chain.reduce(4 + (tls13 ? 1 : 0) + 3) { $0 + 3 + $1.count + (tls13 ? 2 : 0) }
    }

    /// What Go makes of a Certificate message this large.
    fileprivate static func goOnCertificate(_ size: Int) -> String {
        size > goCertificateMessage
            ? "Go's crypto/tls refuses it too (its limit is \(goCertificateMessage.grouped) bytes)"
            : "Go's crypto/tls accepts it (up to \(goCertificateMessage.grouped) bytes)"
    }
}

extension Int {
    /// 102400 → "102,400".
    fileprivate var grouped: String {
        let digits = Array(String(self))
        return String(digits.enumerated().flatMap { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? [",", digit] : [digit]
        })
    }
}

extension Finding {
    fileprivate static let stapleTooLargeTLS12 = Finding(
        .stapleTooLarge,
        message: "The server answers the request for OCSP status with a TLS 1.2 CertificateStatus message over \(MessageSizeLimits.openSSLCertificateStatus.grouped) bytes: OpenSSL-based clients that ask for a staple abort the handshake (\"excessive message size\"; OpenSSL's limit for this message is fixed and cannot be raised). Go's crypto/tls accepts up to \(MessageSizeLimits.goHandshakeMessage.grouped) bytes, BoringSSL up to its max_cert_list (\(MessageSizeLimits.defaultMaxCertList.grouped) by default). staplecheck reads TLS with OpenSSL too, so the staple's content could not be judged; the rest of this report comes from a handshake without the status request.",
        fix: "Staple a smaller response: one for this certificate alone, embedding only its signer's certificate, is well under 16 KiB (an oversized one carries many SingleResponses or padding). Or offer TLS 1.3, where the staple rides in the Certificate message, which OpenSSL clients accept up to 100 KiB.")

    fileprivate static func stapleTooLargeTLS13(message: Int, staple: Int, withoutStaple: Int) -> Finding {
        Finding(.stapleTooLarge,
                message: "With its \(staple.grouped)-byte staple the server's TLS 1.3 Certificate message is \(message.grouped) bytes, over the \(MessageSizeLimits.defaultMaxCertList.grouped) bytes OpenSSL and BoringSSL clients accept by default (max_cert_list): those that ask for OCSP status, as browsers do, abort the handshake (\"excessive message size\"), though without the staple it would be about \(withoutStaple.grouped) bytes. \(MessageSizeLimits.goOnCertificate(message)).",
                fix: "Staple a smaller response (one SingleResponse for this certificate, embedding only its signer's certificate), or serve a shorter chain (no root, no cross-signed extras).")
    }

    fileprivate static func chainTooLarge(message: Int) -> Finding {
        Finding(.chainTooLarge,
                message: "The server's Certificate message is \(message.grouped) bytes, over the \(MessageSizeLimits.defaultMaxCertList.grouped) bytes OpenSSL and BoringSSL clients accept by default (max_cert_list): clients built on them that keep the default abort the handshake (\"excessive message size\"). \(MessageSizeLimits.goOnCertificate(message)). staplecheck raises its own limit to read it.",
                fix: "Serve a shorter chain: the leaf and its intermediates only (no root, no unrelated or cross-signed extras), and a leaf without oversized extensions or name lists.")
    }
}
