import ArgumentParser
import StapleCheckCore

#if canImport(Glibc)
import Glibc
#endif

/// `staplecheck fetch --cert FILE -o OUTPUT`: keep a staple file filled with a verified response.
struct FetchCommand: ParsableCommand, TimeoutScope {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch a verified OCSP response into a staple file (nginx ssl_stapling_file, HAProxy .ocsp).",
        discussion: """
            Asks the certificate's OCSP responder, verifies the answer completely (signature and \
            responder authorisation against the trust store, CertID, validity window, status good) \
            and only then replaces OUTPUT atomically. A valid OUTPUT is never replaced by an invalid \
            or older response. Exit codes: 0 the file holds a valid response (written, skipped or \
            kept), 2 the responder's answer was refused (file untouched), 3 nothing could be \
            fetched or read (file untouched).
            """)

    static let timeoutHelp = "Seconds the fetch may take."

    @Option(help: ArgumentHelp("The certificate (or chain, leaf first) to fetch a response for.", valueName: "file"), completion: .file())
    var cert: String

    @Option(help: ArgumentHelp("The issuer of --cert, when the chain does not include it.", valueName: "file"), completion: .file())
    var issuer: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The staple file to write (DER).", valueName: "file"), completion: .file())
    var output: String

    @Option(name: .customLong("min-validity"), help: ArgumentHelp("Do nothing while OUTPUT stays valid at least this long (e.g. 48h).", valueName: "duration"))
    var minValidity: DurationArgument?

    @Option(help: ArgumentHelp("CertID hash of the OCSP request: sha1 or sha256.", valueName: "alg"))
    var hash: OCSPHashAlgorithm = .sha1

    @Flag(help: "Add a nonce (RFC 9654) to the OCSP request.")
    var nonce = false

    @OptionGroup var timeout: TimeoutOption<Self>
    @OptionGroup var judgement: JudgementOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        try outputOptions.validateNotMonitoring()
    }

    func run() {
        signal(SIGPIPE, SIG_IGN)
        let analysis = judgement.analysisOptions(requireStaple: false)
        outputOptions.emit(Fetcher.fetch(FetchOptions(
            analysis: analysis, certificate: RawArguments.path(for: cert), issuer: issuer.map { RawArguments.path(for: $0) },
            output: RawArguments.path(for: output),
            minValidity: minValidity?.seconds, hash: hash, nonce: nonce, timeout: timeout.seconds)))
    }
}
