/// A protocol whose cleartext session is upgraded to TLS in-band (`--starttls`): the
/// dialogue before the handshake, spoken by staplecheck itself (`StartTLSDialogue`).
public enum StartTLSProtocol: String, CaseIterable, Sendable, Codable {
    case smtp, lmtp, imap, pop3, ftp, xmpp
    case xmppServer = "xmpp-server"
    case ldap, postgres, mysql, nntp, sieve

    /// As people write it in messages: "SMTP", "ManageSieve", "XMPP (server-to-server)".
    public var displayName: String {
        switch self {
        case .smtp: "SMTP"
        case .lmtp: "LMTP"
        case .imap: "IMAP"
        case .pop3: "POP3"
        case .ftp: "FTP"
        case .xmpp: "XMPP"
        case .xmppServer: "XMPP (server-to-server)"
        case .ldap: "LDAP"
        case .postgres: "PostgreSQL"
        case .mysql: "MySQL"
        case .nntp: "NNTP"
        case .sieve: "ManageSieve"
        }
    }
}
