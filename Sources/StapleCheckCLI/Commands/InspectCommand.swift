import ArgumentParser
import StapleCheckCore

#if canImport(Glibc)
import Glibc
#endif

/// `staplecheck inspect FILE…`: judge certificates, CSRs and staple files offline.
struct InspectCommand: ParsableCommand, TimeoutScope {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Inspect certificates, chains, CSRs and OCSP responses (staple files) offline.",
        discussion: """
            Each FILE may be a certificate or chain (PEM or DER), a CSR (PEM or DER) or an OCSP \
            response (DER, PEM or bare base64). A response is judged like a served staple; give \
            --cert (and --issuer when the chain does not hold it) to check it is about your \
            certificate and signed by its CA. With --cert the certificate's OCSP responder is \
            asked too (--no-live: not). JSON output is one object per file.
            """)

    static let timeoutHelp = "Seconds the CA's answers may take in all (with --cert)."

    @Argument(help: ArgumentHelp("Files to inspect.", valueName: "file"), completion: .file())
    var files: [String]

    @Option(help: ArgumentHelp("The certificate (or chain, leaf first) OCSP response files should be about.", valueName: "file"), completion: .file())
    var cert: String?

    @Option(help: ArgumentHelp("The issuer of --cert, when the chain does not include it.", valueName: "file"), completion: .file())
    var issuer: String?

    @OptionGroup var timeout: TimeoutOption<Self>
    @OptionGroup var revocation: RevocationFlags
    @OptionGroup var judgement: JudgementOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to inspect") }
        try output.validateNotMonitoring()
    }

    func run() {
        signal(SIGPIPE, SIG_IGN)
        let analysis = judgement.analysisOptions(requireStaple: false)
        let options = InspectOptions(analysis: analysis, certificate: cert.map { RawArguments.path(for: $0) },
                                     issuer: issuer.map { RawArguments.path(for: $0) }, revocation: revocation.options,
                                     timeout: timeout.seconds)
        output.emitEach { each in Inspector.inspect(files: RawArguments.paths(for: files), options: options, each: each) }
    }
}
