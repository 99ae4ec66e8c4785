import ArgumentParser
import StapleCheckCore

/// The `staplecheck` command: `check` (the default), `inspect` and `fetch`.
public struct StapleCheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "staplecheck",
        abstract: "Check whether a TLS server's OCSP stapling really works, and why not.",
        discussion: """
            Exit codes: 0 ok, 1 warning, 2 critical, 3 could not check (DNS, refused, \
            timeout, not TLS, handshake failure, unreadable input); 64 usage error.
            """,
        version: StapleCheck.version,
        subcommands: [CheckCommand.self, InspectCommand.self, FetchCommand.self],
        defaultSubcommand: CheckCommand.self)

    public init() {}
}
