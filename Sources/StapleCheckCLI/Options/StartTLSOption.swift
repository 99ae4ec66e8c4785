import ArgumentParser
import StapleCheckCore

/// `--starttls PROTOCOL|none`: the dialogue spoken before every handshake of a check. On
/// its own for reuse wherever a server target is given.
struct StartTLSOption: ParsableArguments {
    @Option(name: .customLong("starttls"),
            help: ArgumentHelp("Speak this protocol's STARTTLS before each handshake: \(StartTLSArgument.allValueStrings.joined(separator: ", ")) (default: the port's: 25 and 587 smtp, 143 imap, 110 pop3, 21 ftp, 5222 xmpp, 5269 xmpp-server, 389 ldap, 5432 postgres, 3306 mysql, 119 nntp, 4190 sieve; none for direct TLS).",
                               valueName: "protocol"))
    var starttls: StartTLSArgument?

    var choice: StartTLSChoice { starttls?.choice ?? .impliedByPort }
}
