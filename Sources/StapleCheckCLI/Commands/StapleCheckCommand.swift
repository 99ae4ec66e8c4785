import ArgumentParser
import StapleCheckCore

#if canImport(Glibc)
import Glibc
#endif

/// The `staplecheck` command: `check` (the default), `inspect`, `fetch` and `explain`.
public struct StapleCheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "staplecheck",
        abstract: "Check whether a TLS server's OCSP stapling really works, and why not.",
        discussion: discussion,
        version: StapleCheck.version,
        subcommands: [CheckCommand.self, InspectCommand.self, FetchCommand.self, ExplainCommand.self],
        defaultSubcommand: CheckCommand.self)

    /// `staplecheck --help` and the man page's DESCRIPTION (scripts/generate-manual): exit
    /// codes, formats and examples. ASCII only: the man page generator drops anything else.
    static let discussion = """
        Exit codes: 0 ok, 1 warning, 2 critical, 3 could not check (DNS, refused, \
        timeout, not TLS, handshake failure, unreadable input); 64 usage error. A batch: \
        2 if any target is critical, else 3 if any could not be checked, else 1 if any \
        has a warning, else 0; 130 or 143 when SIGINT or SIGTERM stopped it.

        Formats (--format): \(OutputOptions.Format.allCases.map(\.rawValue).joined(separator: ", ")). \
        text is for people (colour only on a terminal); json is the whole report as one \
        object (an array for several targets); ndjson is one compact object per line, per \
        target or file, written as each completes; nagios is a monitoring plugin's status \
        line, perfdata and exit code; prometheus is the text exposition format for \
        node_exporter's textfile collector. The JSON fields and metric names are a \
        contract, listed in the README.

        Examples:
          staplecheck example.com
          staplecheck check --format json --require-staple example.com:443
          staplecheck check --address 192.0.2.10 example.com
          staplecheck check --starttls smtp mail.example.com:587
          staplecheck check --targets hosts.txt --format ndjson --concurrency 32
          staplecheck inspect --cert site.pem staple.der
          staplecheck fetch --cert site.pem -o site.ocsp --min-validity 48h
        """

    public init() {}

    /// What the executable runs: ArgumentParser's `main()`, except that a usage error, which
    /// quotes the offending argument (`--at $'\e]0;pwned\a'`), reaches the terminal escaped
    /// like every other untrusted text (`TextRenderer.escape`). Help and --version go to
    /// stdout as they are.
    public static func start(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Glibc.exit(0)
        } catch {
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if code == .success {
                if !text.isEmpty { print(text) }
            } else {
                FileOutput.standardError.write(escapeUsage(text, arguments: arguments) + "\n")
            }
            Glibc.exit(code.rawValue)
        }
    }

    /// Each argument that appears in `text` with characters a terminal acts on is replaced
    /// by its escaped form (its newlines included); what remains is escaped line by line,
    /// keeping the message's own line breaks.
    static func escapeUsage(_ text: String, arguments: [String]) -> String {
        var text = text
        for argument in Set(arguments) where argument.unicodeScalars.contains(where: TerminalSafety.isUnsafe) {
            text = text.replacing(argument, with: TextRenderer.escape(argument))
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { TextRenderer.escape(String($0)) }
            .joined(separator: "\n")
    }
}
