#if canImport(Glibc)
import Glibc
#endif

/// What one TLS handshake showed: plain bytes, safe to hand to another task.
public struct HandshakeCapture: Sendable, Equatable {
    /// The address connected to ("127.0.0.1:8443").
    public var address: String
    public var tlsVersion: TLSVersion
    public var cipher: String
    /// The certificates the server sent, leaf first, DER.
    public var chainDER: [[UInt8]]
    /// The stapled OCSP response; nil when the server sent none.
    public var stapleDER: [UInt8]?
    /// The server failed the handshake when asked for OCSP status and succeeded without
    /// the request; `stapleDER` is then nil and the rejection is kept here.
    public var statusRequestRejection: String?
    /// What the handshake offered: the signature algorithms (which certificate the server
    /// may pick) and the TLS versions.
    public var request: HandshakeRequest
    /// The server's Certificate handshake message, its 4-byte header included, in bytes (in
    /// TLS 1.3 it carries the staple); nil when not known.
    public var certificateMessageSize: Int?
    /// The server answered the status request with a TLS 1.2 CertificateStatus message larger
    /// than OpenSSL can read (16,384 bytes): the staple exists but its bytes could not be
    /// captured, so `stapleDER` is nil and the chain comes from a handshake without the
    /// request.
    public var stapleTooLargeToRead: Bool
    /// Milliseconds from the start of the TCP connection to the end of the TLS handshake
    /// (the STARTTLS dialogue included); nil when not measured.
    public var handshakeMs: Int?

    public init(address: String, tlsVersion: TLSVersion, cipher: String, chainDER: [[UInt8]], stapleDER: [UInt8]?,
                statusRequestRejection: String? = nil, request: HandshakeRequest = .ordinary, certificateMessageSize: Int? = nil,
                stapleTooLargeToRead: Bool = false, handshakeMs: Int? = nil) {
        self.address = address
        self.tlsVersion = tlsVersion
        self.cipher = cipher
        self.chainDER = chainDER
        self.stapleDER = stapleDER
        self.statusRequestRejection = statusRequestRejection
        self.request = request
        self.certificateMessageSize = certificateMessageSize
        self.stapleTooLargeToRead = stapleTooLargeToRead
        self.handshakeMs = handshakeMs
    }

    /// The server sent a staple (possibly an empty one, possibly one too large to read).
    public var stapled: Bool { stapleDER != nil || stapleTooLargeToRead }
}
