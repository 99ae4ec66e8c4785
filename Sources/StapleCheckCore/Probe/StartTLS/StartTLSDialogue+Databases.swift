/// The database protocols: PostgreSQL's SSLRequest (protocol docs, "SSL Session
/// Encryption") and MySQL's SSL Request packet after the server's initial handshake.
extension StartTLSDialogue {
    /// Length 8, then the SSLRequest code 1234.5679 (0x04D2162F).
    static let postgresSSLRequest: [UInt8] = [0x00, 0x00, 0x00, 0x08, 0x04, 0xD2, 0x16, 0x2F]

    /// 'S': TLS follows; 'N': the server has TLS off.
    static func postgres(_ channel: PlainChannel) throws(CheckError) -> Outcome {
        try channel.send(postgresSSLRequest)
        channel.beginReply()
        switch try channel.read(count: 1)[0] {
        case UInt8(ascii: "S"): return .ready
        case UInt8(ascii: "N"): throw notOffered(channel, "it answered the SSLRequest with N (ssl = off)")
        default: throw unexpected(channel, "the SSLRequest was answered with neither S nor N")
        }
    }

    /// MySQL capability flags (client/server protocol, "Capabilities Flags").
    private static let clientLongPassword: UInt32 = 0x1
    private static let clientProtocol41: UInt32 = 0x200
    private static let clientSSL: UInt32 = 0x800
    private static let clientSecureConnection: UInt32 = 0x8000

    /// The server speaks first: protocol 10, its version, a connection id, 8 bytes of
    /// scramble, a filler, the lower capability flags (CLIENT_SSL among them). The client's
    /// SSL Request (sequence 1) is its capabilities, max packet size, charset and 23 zero
    /// bytes; the TLS handshake follows at once.
    static func mysql(_ channel: PlainChannel) throws(CheckError) -> Outcome {
        channel.beginReply()
        let header = try channel.read(count: 4)
        let length = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16
        let payload = try channel.read(count: length)
        guard let version = payload.first else { throw unexpected(channel, "an empty handshake packet") }
        if version == 0xFF {
            // An ERR packet: the server will not talk to this client at all.
            throw unexpected(channel, "it sent an error packet instead of its handshake")
        }
        guard version == 10, let nul = payload.dropFirst().firstIndex(of: 0), payload.count >= nul + 1 + 4 + 8 + 1 + 2 else {
            throw unexpected(channel, "not a protocol 10 handshake packet")
        }
        let flags = nul + 1 + 4 + 8 + 1
        let capabilities = UInt32(payload[flags]) | UInt32(payload[flags + 1]) << 8
        guard capabilities & UInt32(clientSSL) != 0 else { throw notOffered(channel, "its handshake lacks the CLIENT_SSL capability") }
        let ours = clientLongPassword | clientProtocol41 | clientSSL | clientSecureConnection
        var packet: [UInt8] = [32, 0, 0, header[3] &+ 1]
        packet += withUnsafeBytes(of: ours.littleEndian, Array.init)
        packet += withUnsafeBytes(of: UInt32(1 << 24).littleEndian, Array.init)  // max packet size
        packet.append(0x21)  // utf8_general_ci
        packet += [UInt8](repeating: 0, count: 23)
        try channel.send(packet)
        return .ready
    }
}
