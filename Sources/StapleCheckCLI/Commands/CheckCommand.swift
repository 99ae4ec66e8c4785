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

    @Option(name: .customLong("address"), help: ArgumentHelp("Check this IP address instead of resolving the host, which is kept for SNI and the report (repeatable: one backend at a time, like curl's --resolve).", valueName: "ip"))
    var addresses: [String] = []

    @Option(name: .customLong("max-addresses"), help: ArgumentHelp("Check at most this many of the host's addresses.", valueName: "n"))
    var maxAddresses = ProbePlan.defaultMaxAddresses

    @Option(help: ArgumentHelp("Fresh handshakes per address, certificate and TLS version (1: a single handshake each).", valueName: "n"))
    var probes = ProbePlan.defaultProbes

    @Flag(name: .customLong("require-staple"), help: "Treat a missing staple as critical.")
    var requireStaple = false

    @OptionGroup var revocation: RevocationFlags
    @OptionGroup var judgement: JudgementOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...20).contains(probes) else { throw ValidationError("--probes must be between 1 and 20") }
        guard (1...64).contains(maxAddresses) else { throw ValidationError("--max-addresses must be between 1 and 64") }
        for address in addresses where SocketAddress(ip: address, port: Target.defaultPort) == nil {
            throw ValidationError("--address takes an IP address (got \(TextRenderer.escape(address)))")
        }
    }

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
                                                                   revocation: revocation.options,
                                                                   plan: ProbePlan(probes: probes, maxAddresses: maxAddresses, addresses: addresses)))
        output.emit(report)
    }
}
