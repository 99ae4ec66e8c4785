internal import COpenSSL

/// The sizes of the handshake messages a server sent, as OpenSSL's message callback reports
/// them (each message whole, its 4-byte header included): what the size findings need to
/// say which clients would refuse the handshake. Owned by the `TLSConnection` whose `SSL*`
/// points at it.
final class HandshakeMessageSizes {
    /// The server's Certificate message (in TLS 1.3 it carries the staple too).
    private(set) var certificate: Int?

    /// Installs the callback on `ssl`; `self` must outlive it (the connection owns both).
    func observe(_ ssl: OpaquePointer) {
        _ = sc_SSL_set_msg_callback_arg(ssl, Unmanaged.passUnretained(self).toOpaque())
        SSL_set_msg_callback(ssl) { writing, _, contentType, buffer, length, _, argument in
            // Messages received, whole: the first byte is the handshake message type.
            guard writing == 0, contentType == SSL3_RT_HANDSHAKE, let buffer, length >= 4, let argument else { return }
            let sizes = Unmanaged<HandshakeMessageSizes>.fromOpaque(argument).takeUnretainedValue()
            if Int32(buffer.load(as: UInt8.self)) == SSL3_MT_CERTIFICATE { sizes.certificate = length }
        }
    }
}
