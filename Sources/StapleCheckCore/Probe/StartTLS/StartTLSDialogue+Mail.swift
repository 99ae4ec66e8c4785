/// The mailbox protocols: IMAP (RFC 3501 6.2.1), POP3 (RFC 2595 4) and ManageSieve
/// (RFC 5804 2.2).
extension StartTLSDialogue {
    /// Greeting "* OK"; CAPABILITY lists STARTTLS; STARTTLS answered with a tagged OK.
    static func imap(_ channel: PlainChannel) throws(CheckError) -> Outcome {
        channel.beginReply()
        let greeting = String(decoding: try channel.readLine(), as: UTF8.self).uppercased()
        guard greeting.hasPrefix("* OK") else { throw unexpected(channel, "its greeting is not \"* OK\"") }
        try channel.send("a1 CAPABILITY\r\n")
        let (capabilityOK, lines) = try imapResponse(channel, tag: "a1")
        let listed = lines.contains { line in
            let words = line.uppercased().split(separator: " ")
            return words.count > 1 && words[0] == "*" && words[1] == "CAPABILITY" && words.contains("STARTTLS")
        }
        if capabilityOK && !listed { throw notOffered(channel, "its CAPABILITY lists no STARTTLS") }
        try channel.send("a2 STARTTLS\r\n")
        let (ok, _) = try imapResponse(channel, tag: "a2")
        return ok ? .ready : try rejected("STARTTLS", on: channel, offered: listed)
    }

    /// The lines up to the one tagged `tag`, and whether that one says OK.
    private static func imapResponse(_ channel: PlainChannel, tag: String) throws(CheckError) -> (ok: Bool, lines: [String]) {
        channel.beginReply()
        var lines: [String] = []
        while true {
            let line = String(decoding: try channel.readLine(), as: UTF8.self)
            let words = line.uppercased().split(separator: " ")
            if words.first.map(String.init) == tag.uppercased() { return (words.dropFirst().first == "OK", lines) }
            lines.append(line)
        }
    }

    /// Greeting "+OK"; CAPA lists STLS (a server without CAPA is simply asked); STLS
    /// answered "+OK".
    static func pop3(_ channel: PlainChannel) throws(CheckError) -> Outcome {
        channel.beginReply()
        guard try channel.readLine().starts(with: Array("+OK".utf8)) else { throw unexpected(channel, "its greeting is not +OK") }
        try channel.send("CAPA\r\n")
        channel.beginReply()
        var listed = false
        if try channel.readLine().starts(with: Array("+OK".utf8)) {
            listed = NumericReply(code: 0, lines: try channel.readDotTerminated()).lists("STLS")
            guard listed else { throw notOffered(channel, "its CAPA lists no STLS") }
        }
        try channel.send("STLS\r\n")
        channel.beginReply()
        let answer = try channel.readLine()
        return answer.starts(with: Array("+OK".utf8)) ? .ready : try rejected("STLS", on: channel, offered: listed)
    }

    /// Capability lines up to OK, among them "STARTTLS"; STARTTLS answered OK.
    static func sieve(_ channel: PlainChannel) throws(CheckError) -> Outcome {
        channel.beginReply()
        var listed = false
        while true {
            let line = String(decoding: try channel.readLine(), as: UTF8.self).uppercased()
            if line.hasPrefix("\"") {
                listed = listed || line.split(separator: " ").first == "\"STARTTLS\""
                continue
            }
            guard line == "OK" || line.hasPrefix("OK ") else { throw unexpected(channel, "its capabilities do not end in OK") }
            break
        }
        guard listed else { throw notOffered(channel, "its capabilities list no STARTTLS") }
        try channel.send("STARTTLS\r\n")
        channel.beginReply()
        let answer = String(decoding: try channel.readLine(), as: UTF8.self).uppercased()
        return answer == "OK" || answer.hasPrefix("OK ") ? .ready : try rejected("STARTTLS", on: channel, offered: true)
    }
}
