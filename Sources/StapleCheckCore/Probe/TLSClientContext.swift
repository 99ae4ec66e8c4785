internal import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// Owns one client `SSL_CTX*`: TLS 1.2–1.3, no verification during the handshake (the
/// analysis verifies everything afterwards, so a bad chain still yields its staple), and
/// security level 0 so that weak servers can still be inspected. The peer's Certificate
/// message may be as large as the protocol allows (not OpenSSL's default 100 KiB), so that an
/// oversized chain is read and reported (chain-too-large) rather than ending the check.
///
/// One context serves the whole process (`shared`): its settings never change once it is
/// made, OpenSSL lets many threads make connections from one `SSL_CTX` at once, and a
/// client context keeps no sessions (no cache, no tickets), so sharing it never resumes a
/// handshake. `SSL_CTX_new` costs more than a connection's own set-up; a batch made one per
/// target.
final class TLSClientContext: OpenSSLOwner, @unchecked Sendable {  // immutable after init; SSL_CTX is thread-safe for SSL_new
    private let pointer: OpaquePointer

    /// Made on first use; the error when OpenSSL refused.
    static let shared = Result { () throws(CheckError) -> TLSClientContext in try TLSClientContext() }

    init() throws(CheckError) {
        guard let ctx = SSL_CTX_new(TLS_client_method()) else {
            throw CheckError.internal("cannot create TLS context: \(OpenSSLErrors.describe(OpenSSLErrors.drain(), fallback: "?"))")
        }
        pointer = ctx
        _ = sc_SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION)
        _ = sc_SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION)
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
        SSL_CTX_set_security_level(ctx, 0)
        _ = SSL_CTX_set_options(ctx, sc_SSL_OP_NO_TICKET())
        _ = sc_SSL_CTX_set_max_cert_list(ctx, Self.maximumCertificateMessage)
    }

    deinit { SSL_CTX_free(pointer) }

    /// A handshake message's length is 24 bits: nothing larger can be sent.
    static let maximumCertificateMessage = (1 << 24) - 1

    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try withExtendedLifetime(self) { () throws(E) -> T in try body(pointer) }
    }
}
