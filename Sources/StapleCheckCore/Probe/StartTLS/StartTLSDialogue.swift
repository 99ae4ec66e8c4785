/// The cleartext dialogue that upgrades a connection to TLS, one protocol family per file
/// (`StartTLSDialogue+Numbered`, `+Mail`, `+XMPP`, `+LDAP`, `+Databases`). Each ends in
/// one of three ways:
/// - the server is ready for the TLS handshake (`.ready`);
/// - it offered STARTTLS and then refused it (`.refused`): a result, judged as the finding
///   `starttls-refused` (exim answers `454 TLS currently unavailable` when its
///   `tls_ocsp_file` is expired or for another certificate);
/// - a `CheckError`: `starttls-unsupported` when the server does not offer STARTTLS,
///   `starttls-failed` when it does not speak the protocol, or timeout / closed.
enum StartTLSDialogue {
    enum Outcome: Equatable {
        case ready
        case refused(StartTLSRefusal)
    }

    /// Speaks `proto` on `channel`; `domain` is the name the server is asked for (XMPP's
    /// stream `to`), the SNI or else the host.
    static func negotiate(_ proto: StartTLSProtocol, on channel: PlainChannel, domain: String) throws(CheckError) -> Outcome {
        switch proto {
        case .smtp: try smtp(channel, hello: "EHLO")
        case .lmtp: try smtp(channel, hello: "LHLO")
        case .ftp: try ftp(channel)
        case .nntp: try nntp(channel)
        case .imap: try imap(channel)
        case .pop3: try pop3(channel)
        case .sieve: try sieve(channel)
        case .xmpp: try xmpp(channel, domain: domain, namespace: "jabber:client")
        case .xmppServer: try xmpp(channel, domain: domain, namespace: "jabber:server")
        case .ldap: try ldap(channel)
        case .postgres: try postgres(channel)
        case .mysql: try mysql(channel)
        }
    }

    /// The server offered STARTTLS (or gave no way to tell) and answered `command` with
    /// the last reply read: refused when it had offered it, not offered otherwise.
    static func rejected(_ command: String, on channel: PlainChannel, offered: Bool) throws(CheckError) -> Outcome {
        guard offered else {
            throw CheckError.starttlsUnsupported("\(channel.address) does not offer STARTTLS (\(channel.protocolName)): it answered \(command) with \(channel.quotedReply)")
        }
        return .refused(StartTLSRefusal(command: command, reply: channel.quotedReply))
    }

    static func notOffered(_ channel: PlainChannel, _ why: String) -> CheckError {
        CheckError.starttlsUnsupported("\(channel.address) does not offer STARTTLS (\(channel.protocolName)): \(why): \(channel.quotedReply)")
    }

    static func unexpected(_ channel: PlainChannel, _ what: String) -> CheckError {
        CheckError.starttlsFailed("the \(channel.protocolName) dialogue with \(channel.address) failed (\(what)): \(channel.quotedReply)")
    }
}

/// A server that offered STARTTLS and refused it: the command sent and its reply, quoted
/// (bounded and escaped, `StartTLSQuote`).
public struct StartTLSRefusal: Sendable, Equatable {
    public var command: String
    public var reply: String

    public init(command: String, reply: String) {
        self.command = command
        self.reply = reply
    }
}
