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
        discussion: """
            TARGET is HOST, HOST:PORT, IPv4:PORT or [IPv6]:PORT; the port defaults to 443. Several \
            targets (or --targets) make a batch: checked --concurrency at a time, each written as \
            it completes, with exit code 2 if any is critical, else 3 if any could not be checked, \
            else 1 if any has a warning, else 0; 130 (SIGINT) or 143 (SIGTERM) when interrupted.
            """)

    static let timeoutHelp = "Seconds the whole check may take."

    @Argument(help: ArgumentHelp("The servers to check (one: the full report; several: a line each and a summary).", valueName: "target"))
    var targets: [String] = []

    @OptionGroup var target: TargetOptions

    @OptionGroup var timeout: TimeoutOption<Self>

    @Option(name: .customLong("max-addresses"), help: ArgumentHelp("Check at most this many of the host's addresses.", valueName: "n"))
    var maxAddresses = ProbePlan.defaultMaxAddresses

    @Option(help: ArgumentHelp("Fresh handshakes per address, certificate and TLS version (1: a single handshake each).", valueName: "n"))
    var probes = ProbePlan.defaultProbes

    @Flag(name: .customLong("require-staple"), help: "Treat a missing staple as critical.")
    var requireStaple = false

    @OptionGroup var revocation: RevocationFlags
    @OptionGroup var judgement: JudgementOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var batch: BatchOptions

    func validate() throws {
        guard (1...20).contains(probes) else { throw ValidationError("--probes must be between 1 and 20") }
        guard (1...64).contains(maxAddresses) else { throw ValidationError("--max-addresses must be between 1 and 64") }
        guard !targets.isEmpty || batch.targetsFile != nil else { throw ValidationError("give a target to check, or --targets FILE") }
    }

    /// One target named on the command line, nothing else: the full report, exactly as
    /// before batches existed. Anything more is a batch (`CheckCommand+Batch`).
    var isBatch: Bool {
        targets.count != 1 || batch.targetsFile != nil || batch.shard != nil || output.format == .ndjson
    }

    func run() {
        signal(SIGPIPE, SIG_IGN)
        if isBatch { runBatch() }
        let analysis = judgement.analysisOptions(requireStaple: requireStaple)
        let text = targets[0]
        let parsed: Target
        do throws(CheckError) {
            parsed = try Target(parsing: text)
        } catch {
            let info = TargetInfo(host: text, port: Target.defaultPort, address: nil, serverName: target.servername)
            output.emit(.failed(error, target: info, at: analysis.now), warnWithin: analysis.warnWithin)
        }
        output.emit(Checker().check(parsed, options: checkOptions(for: target, analysis: analysis)), warnWithin: analysis.warnWithin)
    }

    /// The options of one check: the command line's, with a target's own `TargetOptions`.
    func checkOptions(for target: TargetOptions, analysis: AnalysisOptions) -> CheckOptions {
        CheckOptions(serverName: target.servername, timeout: timeout.seconds, analysis: analysis, revocation: revocation.options,
                     plan: ProbePlan(probes: probes, maxAddresses: maxAddresses, addresses: target.addresses),
                     starttls: target.starttls.choice)
    }
}
