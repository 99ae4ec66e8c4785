/// XMPP (RFC 6120 5.4): a stream header to the domain, stream features naming
/// urn:ietf:params:xml:ns:xmpp-tls, `<starttls/>` answered `<proceed/>` (or `<failure/>`).
/// Read tag by tag, never past the last one the dialogue needs; no XML parser is needed
/// to find three element names.
extension StartTLSDialogue {
    static let tlsNamespace = "urn:ietf:params:xml:ns:xmpp-tls"

    static func xmpp(_ channel: PlainChannel, domain: String, namespace: String) throws(CheckError) -> Outcome {
        try channel.send("<?xml version='1.0'?><stream:stream xmlns='\(namespace)' xmlns:stream='http://etherx.jabber.org/streams' to='\(xmlEscaped(domain))' version='1.0'>")
        channel.beginReply()
        var listed = false
        var sawStream = false
        features: while true {
            let tag = try nextTag(channel)
            switch tag.name {
            case "stream": sawStream = true
            case "starttls": listed = listed || tag.text.contains(tlsNamespace)
            case "error": throw unexpected(channel, "it sent a stream error")
            case "features" where tag.closing || tag.empty: break features
            default:
                guard sawStream || tag.name == "?xml" else { throw unexpected(channel, "it sent no stream header") }
            }
        }
        guard listed else { throw notOffered(channel, "its stream features have no <starttls xmlns='\(tlsNamespace)'/>") }
        try channel.send("<starttls xmlns='\(tlsNamespace)'/>")
        channel.beginReply()
        while true {
            let tag = try nextTag(channel)
            if tag.name == "proceed" { return .ready }
            if tag.name == "failure" || tag.name == "error" || (tag.name == "stream" && tag.closing) {
                return try rejected("<starttls/>", on: channel, offered: true)
            }
        }
    }

    struct Tag {
        /// The local name, without prefix: "stream", "features", "starttls".
        var name: String
        var closing: Bool
        var empty: Bool
        var text: String
    }

    /// The next tag, with whatever character data preceded it skipped.
    private static func nextTag(_ channel: PlainChannel) throws(CheckError) -> Tag {
        let bytes = try channel.read(through: UInt8(ascii: ">"))
        let text = String(decoding: bytes, as: UTF8.self)
        guard let open = text.lastIndex(of: "<") else { throw unexpected(channel, "not XML") }
        var body = text[text.index(after: open)...].dropLast()
        let closing = body.hasPrefix("/")
        if closing { body = body.dropFirst() }
        let empty = body.hasSuffix("/")
        let qualified = body.prefix { !" \t\r\n/".contains($0) }
        let name = qualified.split(separator: ":").last.map(String.init) ?? String(qualified)
        return Tag(name: name == "xml" && qualified.hasPrefix("?") ? "?xml" : name, closing: closing, empty: empty, text: String(body))
    }

    private static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case "'": out += "&apos;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
