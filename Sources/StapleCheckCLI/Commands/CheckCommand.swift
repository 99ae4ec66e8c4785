import ArgumentParser
import StapleCheckCore

#if canImport(Glibc)
import Glibc
#endif

/// `staplecheck check TARGET`: handshake with a server and judge what it staples.
struct CheckCommand: ParsableCommand, TimeoutScope {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Handshake with a server and verify the OCSP response it staples.",
        discussion: "TARGET is HOST, HOST:PORT, IPv4:PORT or [IPv6]:PORT; the port defaults to 443.")

    static let timeoutHelp = "Seconds the whole check may take."

    @Argument(help: ArgumentHelp("The server to check.", valueName: "target"))
    var target: String

    @Option(help: ArgumentHelp("SNI to send (default: the host name; none for an IP address).", valueName: "name"))
    var servername: String?

    @OptionGroup var timeout: TimeoutOption<Self>

    @Flag(name: .customLong("require-staple"), help: "Treat a missing staple as critical.")
    var requireStaple = false

    @OptionGroup var revocation: RevocationFlags
    @OptionGroup var judgement: JudgementOptions
    @OptionGroup var output: OutputOptions

    func run() {
        signal(SIGPIPE, SIG_IGN)
        let analysis = judgement.analysisOptions(requireStaple: requireStaple)
        let parsed: Target
        do throws(CheckError) {
            parsed = try Target(parsing: target)
        } catch {
            output.emit(.failed(error, target: TargetInfo(host: target, port: Target.defaultPort, address: nil, serverName: servername), at: analysis.now))
        }
        let report = Checker().check(parsed, options: CheckOptions(serverName: servername, timeout: timeout.seconds, analysis: analysis,
                                                                   revocation: revocation.options))
        output.emit(report)
    }
}
