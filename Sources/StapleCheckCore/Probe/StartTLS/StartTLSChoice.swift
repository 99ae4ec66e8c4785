extension StartTLSProtocol {
    /// The protocol a well-known cleartext port implies. The implicit-TLS ports (465 SMTPS,
    /// 993 IMAPS, 995 POP3S, 636 LDAPS, …) imply none: TLS starts at once there.
    public static func implied(byPort port: Int) -> StartTLSProtocol? {
        switch port {
        case 25, 587: .smtp
        case 143: .imap
        case 110: .pop3
        case 21: .ftp
        case 5222: .xmpp
        case 5269: .xmppServer
        case 389: .ldap
        case 5432: .postgres
        case 3306: .mysql
        case 119: .nntp
        case 4190: .sieve
        default: nil
        }
    }
}

/// What `--starttls` asked for: the port's protocol (the default), no STARTTLS at all
/// (`none`), or one protocol.
public enum StartTLSChoice: Sendable, Equatable {
    case impliedByPort
    /// `--starttls none`: direct TLS whatever the port.
    case off
    case using(StartTLSProtocol)

    /// The protocol to speak on `port`, or nil for direct TLS.
    public func `protocol`(forPort port: Int) -> StartTLSProtocol? {
        switch self {
        case .impliedByPort: StartTLSProtocol.implied(byPort: port)
        case .off: nil
        case .using(let chosen): chosen
        }
    }
}
