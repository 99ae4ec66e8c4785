import ArgumentParser
import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

public struct StapleCheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "staplecheck",
        abstract: "Check whether a TLS server's OCSP stapling really works, and why not.",
        discussion: """
            Exit codes: 0 ok, 1 warning, 2 critical, 3 could not check (DNS, refused, \
            timeout, not TLS, handshake failure, unreadable input); 64 usage error.
            """,
        version: StapleCheck.version,
        subcommands: [Check.self, Inspect.self, Fetch.self],
        defaultSubcommand: Check.self)

    public init() {}
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// Options every subcommand that prints a report shares.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Colour in text output: auto (only on a terminal, and not when NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) == 1 && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
        }
    }

    /// Prints the report and ends the process with its verdict's exit code.
    func emit(_ report: Report) -> Never {
        write(report, error: report.error) { TextRenderer(color: useColor).render(report) }
        finish(report.verdict.exitCode)
    }

    /// Prints what `fetch` did and exits 0 (file valid), 2 (answer refused) or 3 (nothing fetched).
    func emit(_ report: FetchReport) -> Never {
        write(report, error: report.error) { TextRenderer(color: useColor).render(report) }
        finish(report.verdict.exitCode)
    }

    /// Prints one report per file (JSON: one object each, which jq reads as a stream) and
    /// exits with the worst verdict's code (3 if any file could not be inspected).
    func emit(_ reports: [InspectReport]) -> Never {
        for report in reports {
            write(report, error: report.error) { TextRenderer(color: useColor).render(report) }
        }
        finish(reports.map(\.verdict.exitCode).max() ?? 0)
    }

    private func write<R: Encodable>(_ report: R, error: CheckError?, text: () -> String) {
        switch format {
        case .json:
            let data = (try? Report.jsonEncoder().encode(report)) ?? Data("{\"verdict\":\"error\"}".utf8)
            print(String(decoding: data, as: UTF8.self))
        case .text:
            if let error {
                fflush(nil)
                FileOutput.standardError.write("staplecheck: \(TextRenderer.escape(error.message))\n")
            } else {
                print(text(), terminator: "")
            }
        }
    }

    /// Straight to exit(3): ArgumentParser's exit(withError:) reflects over the error type
    /// first, which costs more than the whole analysis.
    private func finish(_ code: Int32) -> Never {
        fflush(nil)
        Glibc.exit(code)
    }
}

/// Options about how a staple is judged, shared by the live check and `inspect`.
struct JudgementOptions: ParsableArguments {
    @Option(name: .customLong("ca-file"), help: ArgumentHelp("PEM file of trust anchors replacing the system store.", valueName: "file"))
    var caFile: String?

    @Option(help: ArgumentHelp("Judge validity at this instant instead of now (ISO 8601, e.g. 2026-01-31T12:00:00Z).", valueName: "time"))
    var at: String?

    @Option(name: .customLong("warn-within"), help: ArgumentHelp("Warn when the staple expires sooner than this (e.g. 24h, 90m, 2d, 3600).", valueName: "duration"))
    var warnWithin: String = "24h"

    func analysisOptions(requireStaple: Bool) throws -> AnalysisOptions {
        var now = Date()
        if let at {
            guard let parsed = try? Date(at, strategy: .iso8601) else {
                throw ValidationError("--at: \"\(at)\" is not an ISO 8601 time such as 2026-01-31T12:00:00Z")
            }
            now = parsed
        }
        guard let within = parseDuration(warnWithin) else {
            throw ValidationError("--warn-within: \"\(warnWithin)\" is not a duration such as 24h, 90m, 2d or 3600")
        }
        return AnalysisOptions(now: now, trust: caFile.map { .file($0) } ?? .system, warnWithin: within, requireStaple: requireStaple)
    }

    func validate() throws {
        _ = try analysisOptions(requireStaple: false)
    }
}

extension OCSPHashAlgorithm: ExpressibleByArgument {}

/// What to ask the CA besides looking at the staple: shared by the live check, `inspect
/// --cert` and (in part) `fetch`.
struct RevocationFlags: ParsableArguments {
    @Flag(name: .customLong("no-live"), help: "Do not query the certificate's OCSP responder (nor its CRL, unless --crl).")
    var noLive = false

    @Option(help: ArgumentHelp("CertID hash of the OCSP request: sha1 (what responders expect) or sha256.", valueName: "alg"))
    var hash: OCSPHashAlgorithm = .sha1

    @Flag(help: "Add a nonce (RFC 8954) to the OCSP request and report whether it is echoed.")
    var nonce = false

    @Option(name: .customLong("responder-probes"), help: ArgumentHelp("Ask each responder URL this many times and report the failure rate.", valueName: "n"))
    var responderProbes = 1

    @Option(name: .customLong("stale-after"), help: ArgumentHelp("Warn when the staple is older than the responder's current answer by more than this.", valueName: "duration"))
    var staleAfter = "24h"

    @Flag(help: "Also check the certificate's CRL (always done when it has no OCSP URL).")
    var crl = false

    func validate() throws {
        guard (1...50).contains(responderProbes) else { throw ValidationError("--responder-probes must be between 1 and 50") }
        guard parseDuration(staleAfter) != nil else {
            throw ValidationError("--stale-after: \"\(staleAfter)\" is not a duration such as 24h, 90m, 2d or 3600")
        }
    }

    var options: RevocationOptions {
        RevocationOptions(live: !noLive, hash: hash, nonce: nonce, probes: responderProbes,
                          staleAfter: parseDuration(staleAfter) ?? 86400, forceCRL: crl)
    }
}

/// "24h", "90m", "2d", "30s" or plain seconds.
func parseDuration(_ text: String) -> TimeInterval? {
    let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
    if let unit = text.last, let factor = units[unit], let value = Double(text.dropLast()), value >= 0 {
        return value * factor
    }
    if let value = Double(text), value >= 0 { return value }
    return nil
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Handshake with a server and verify the OCSP response it staples.",
        discussion: "TARGET is HOST, HOST:PORT, IPv4:PORT or [IPv6]:PORT; the port defaults to 443.")

    @Argument(help: ArgumentHelp("The server to check.", valueName: "target"))
    var target: String

    @Option(help: ArgumentHelp("SNI to send (default: the host name; none for an IP address).", valueName: "name"))
    var servername: String?

    @Option(help: ArgumentHelp("Seconds the whole check may take.", valueName: "seconds"))
    var timeout: Double = 10

    @Flag(name: .customLong("require-staple"), help: "Treat a missing staple as critical.")
    var requireStaple = false

    @OptionGroup var revocation: RevocationFlags
    @OptionGroup var judgement: JudgementOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let analysis = try judgement.analysisOptions(requireStaple: requireStaple)
        let parsed: Target
        do throws(CheckError) {
            parsed = try Target(parsing: target)
        } catch {
            output.emit(.failed(error, target: TargetInfo(host: target, port: Target.defaultPort, address: nil, serverName: servername), at: analysis.now))
        }
        let report = Checker().check(parsed, options: CheckOptions(serverName: servername, timeout: timeout, analysis: analysis,
                                                                   revocation: revocation.options))
        output.emit(report)
    }
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect certificates, chains, CSRs and OCSP responses (staple files) offline.",
        discussion: """
            Each FILE may be a certificate or chain (PEM or DER), a CSR (PEM or DER) or an OCSP \
            response (DER, PEM or bare base64). A response is judged like a live staple; give \
            --cert (and --issuer when the chain does not hold it) to check it is about your \
            certificate and signed by its CA. With --cert the certificate's OCSP responder is \
            asked too (--no-live: not). JSON output is one object per file.
            """)

    @Argument(help: ArgumentHelp("Files to inspect.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("The certificate (or chain, leaf first) OCSP response files should be about.", valueName: "file"))
    var cert: String?

    @Option(help: ArgumentHelp("The issuer of --cert, when the chain does not include it.", valueName: "file"))
    var issuer: String?

    @Option(help: ArgumentHelp("Seconds the CA's answers may take in all (with --cert).", valueName: "seconds"))
    var timeout: Double = 10

    @OptionGroup var revocation: RevocationFlags
    @OptionGroup var judgement: JudgementOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to inspect") }
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let analysis = try judgement.analysisOptions(requireStaple: false)
        output.emit(Inspector.inspect(paths: files, options: InspectOptions(
            analysis: analysis, certificatePath: cert, issuerPath: issuer, revocation: revocation.options, timeout: timeout)))
    }
}

struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch a verified OCSP response into a staple file (nginx ssl_stapling_file, HAProxy .ocsp).",
        discussion: """
            Asks the certificate's OCSP responder, verifies the answer completely (signature and \
            responder authorisation against the trust store, CertID, validity window, status good) \
            and only then replaces OUTPUT atomically. A valid OUTPUT is never replaced by an invalid \
            or older response. Exit codes: 0 the file holds a valid response (written, skipped or \
            kept), 2 the responder's answer was refused (file untouched), 3 nothing could be \
            fetched or read (file untouched).
            """)

    @Option(help: ArgumentHelp("The certificate (or chain, leaf first) to fetch a response for.", valueName: "file"))
    var cert: String

    @Option(help: ArgumentHelp("The issuer of --cert, when the chain does not include it.", valueName: "file"))
    var issuer: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The staple file to write (DER).", valueName: "file"))
    var output: String

    @Option(name: .customLong("min-validity"), help: ArgumentHelp("Do nothing while OUTPUT stays valid at least this long (e.g. 48h).", valueName: "duration"))
    var minValidity: String?

    @Option(help: ArgumentHelp("CertID hash of the OCSP request: sha1 or sha256.", valueName: "alg"))
    var hash: OCSPHashAlgorithm = .sha1

    @Flag(help: "Add a nonce (RFC 8954) to the OCSP request.")
    var nonce = false

    @Option(help: ArgumentHelp("Seconds the fetch may take.", valueName: "seconds"))
    var timeout: Double = 10

    @OptionGroup var judgement: JudgementOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
        if let minValidity, parseDuration(minValidity) == nil {
            throw ValidationError("--min-validity: \"\(minValidity)\" is not a duration such as 48h, 90m, 2d or 3600")
        }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let analysis = try judgement.analysisOptions(requireStaple: false)
        outputOptions.emit(Fetcher.fetch(FetchOptions(
            analysis: analysis, certificatePath: cert, issuerPath: issuer, outputPath: output,
            minValidity: minValidity.flatMap(parseDuration), hash: hash, nonce: nonce, timeout: timeout)))
    }
}
