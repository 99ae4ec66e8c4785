/// The protocols of numbered replies: SMTP and LMTP (RFC 3207), FTP (RFC 4217), NNTP
/// (RFC 4642).
extension StartTLSDialogue {
    /// The name the client greets with: a domain that names nothing (RFC 2606), as
    /// `openssl s_client` sends a fixed one.
    static let clientName = "staplecheck.invalid"

    /// Greeting 220; EHLO (LMTP: LHLO) lists STARTTLS; STARTTLS answered 220.
    static func smtp(_ channel: PlainChannel, hello: String) throws(CheckError) -> Outcome {
        let greeting = try channel.readNumericReply()
        guard greeting.code == 220 else { throw unexpected(channel, "its greeting is not 220") }
        try channel.send("\(hello) \(clientName)\r\n")
        let capabilities = try channel.readNumericReply()
        guard capabilities.code == 250 else { throw notOffered(channel, "it refuses \(hello), so it has no extensions") }
        guard capabilities.lists("STARTTLS") else { throw notOffered(channel, "its \(hello) reply lists no STARTTLS") }
        try channel.send("STARTTLS\r\n")
        let answer = try channel.readNumericReply()
        return answer.code == 220 ? .ready : try rejected("STARTTLS", on: channel, offered: true)
    }

    /// Greeting 220; FEAT lists AUTH TLS (a server without FEAT is simply asked);
    /// AUTH TLS answered 234.
    static func ftp(_ channel: PlainChannel) throws(CheckError) -> Outcome {
        let greeting = try channel.readNumericReply()
        guard greeting.code == 220 else { throw unexpected(channel, "its greeting is not 220") }
        try channel.send("FEAT\r\n")
        let features = try channel.readNumericReply()
        let listed = features.code == 211 && features.lines.contains { line in
            let words = line.uppercased().split(separator: " ")
            return words.first == "AUTH" && words.dropFirst().contains { $0.split(separator: ";").contains("TLS") }
        }
        if features.code == 211 && !listed { throw notOffered(channel, "its FEAT reply lists no AUTH TLS") }
        try channel.send("AUTH TLS\r\n")
        let answer = try channel.readNumericReply()
        return answer.code == 234 ? .ready : try rejected("AUTH TLS", on: channel, offered: listed)
    }

    /// Greeting 200 or 201; CAPABILITIES lists STARTTLS; STARTTLS answered 382.
    static func nntp(_ channel: PlainChannel) throws(CheckError) -> Outcome {
        let greeting = try channel.readNumericReply()
        guard greeting.code == 200 || greeting.code == 201 else { throw unexpected(channel, "its greeting is not 200 or 201") }
        try channel.send("CAPABILITIES\r\n")
        let head = try channel.readNumericReply()
        var listed = false
        if head.code == 101 {
            let lines = try channel.readDotTerminated()
            listed = NumericReply(code: 101, lines: lines).lists("STARTTLS")
            guard listed else { throw notOffered(channel, "its CAPABILITIES list no STARTTLS") }
        }
        try channel.send("STARTTLS\r\n")
        let answer = try channel.readNumericReply()
        return answer.code == 382 ? .ready : try rejected("STARTTLS", on: channel, offered: listed)
    }
}
