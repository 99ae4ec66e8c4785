/// LDAP (RFC 4511 4.14): the StartTLS ExtendedRequest, answered by an ExtendedResponse
/// whose resultCode is success (0).
extension StartTLSDialogue {
    /// LDAPMessage { messageID 1, extendedReq [APPLICATION 23] { requestName [0]
    /// "1.3.6.1.4.1.1466.20037" } }: fixed protocol framing, written out once.
    static let ldapStartTLSRequest: [UInt8] = [0x30, 0x1D, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16] + Array("1.3.6.1.4.1.1466.20037".utf8)

    static func ldap(_ channel: PlainChannel) throws(CheckError) -> Outcome {
        try channel.send(ldapStartTLSRequest)
        channel.beginReply()
        let message = try berElement(channel, expecting: 0x30)
        // messageID, then the protocolOp: extendedResp [APPLICATION 24].
        var reader = BERReader(message)
        guard reader.next()?.tag == 0x02, let response = reader.next(), response.tag == 0x78 else {
            throw unexpected(channel, "not an LDAP ExtendedResponse")
        }
        var fields = BERReader(response.content)
        guard let result = fields.next(), result.tag == 0x0A, let code = result.content.first, result.content.count == 1 else {
            throw unexpected(channel, "an ExtendedResponse without a resultCode")
        }
        if code == 0 { return .ready }
        _ = fields.next()  // matchedDN
        let diagnostic = fields.next().map { String(decoding: $0.content, as: UTF8.self) } ?? ""
        let command = "the StartTLS extended operation"
        let reply = "resultCode \(code) (\(ldapResultName(code)))" + (diagnostic.isEmpty ? "" : ": " + StartTLSQuote.quote(Array(diagnostic.utf8)))
        // protocolError is what a server answers an extended operation it does not know.
        guard code != 2 else {
            throw CheckError.starttlsUnsupported("\(channel.address) does not offer STARTTLS (LDAP): it answered \(command) with \(reply)")
        }
        return .refused(StartTLSRefusal(command: command, reply: reply))
    }

    private static func ldapResultName(_ code: UInt8) -> String {
        switch code {
        case 1: "operationsError"
        case 2: "protocolError"
        case 13: "confidentialityRequired"
        case 51: "busy"
        case 52: "unavailable"
        case 53: "unwillingToPerform"
        case 80: "other"
        default: "error"
        }
    }

    /// One BER element read whole from the wire: its tag must be `tag`; definite
    /// lengths only (LDAP's rule), bounded by the channel.
    private static func berElement(_ channel: PlainChannel, expecting tag: UInt8) throws(CheckError) -> [UInt8] {
        let head = try channel.read(count: 2)
        guard head[0] == tag else { throw unexpected(channel, "not an LDAP message") }
        var length = Int(head[1])
        if head[1] & 0x80 != 0 {
            let count = Int(head[1] & 0x7F)
            guard (1...3).contains(count) else { throw unexpected(channel, "an LDAP message of unusable length") }
            length = try channel.read(count: count).reduce(0) { $0 << 8 | Int($1) }
        }
        return try channel.read(count: length)
    }
}

/// Walks the elements of a BER-encoded sequence's content (short tags, definite lengths);
/// nil at the end or at anything malformed.
struct BERReader {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    mutating func next() -> (tag: UInt8, content: [UInt8])? {
        guard bytes.count >= 2, let tag = bytes.first else { return nil }
        var index = bytes.startIndex + 1
        var length = Int(bytes[index])
        index += 1
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard (1...3).contains(count), bytes.endIndex - index >= count else { return nil }
            length = bytes[index..<index + count].reduce(0) { $0 << 8 | Int($1) }
            index += count
        }
        guard bytes.endIndex - index >= length else { return nil }
        let content = Array(bytes[index..<index + length])
        bytes = bytes[(index + length)...]
        return (tag, content)
    }
}
