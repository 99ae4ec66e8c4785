#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The result of inspecting one file offline. Shares its names with the server check's
/// report (`certificate.*`, `staple.*`, `findings[]`), so one jq filter serves both.
public struct InspectReport: EnvelopedReport, Sendable, Equatable {
    public var envelope: ReportEnvelope
    public var body: Body

    /// The worst finding's severity; `error` when the file could not be inspected.
    public var verdict: Verdict { body.error == nil ? Verdict(findings: body.findings) : .error }

    /// What the file held.
    public struct Body: Encodable, Sendable, Equatable {
        public var file: String
        @ExplicitNull public var kind: InputKind? = nil
        @ExplicitNull public var encoding: InputEncoding? = nil
        /// The (first) certificate of a certificate or chain file, or the `--cert` a response
        /// was checked against.
        @ExplicitNull public var certificate: CertificateInfo? = nil
        /// Every certificate of a chain file, leaf first.
        public var certificates: [CertificateInfo] = []
        @ExplicitNull public var chain: ChainInfo? = nil
        @ExplicitNull public var csr: CSRInfo? = nil
        /// An OCSP response file judged as a staple would be.
        @ExplicitNull public var staple: StapleInfo? = nil
        /// Every field of an OCSP response file.
        @ExplicitNull public var ocsp: OCSPResponseDetail? = nil
        /// With --cert: the certificate's OCSP responder asked directly (nil with --no-live).
        @ExplicitNull public var live: LiveInfo? = nil
        /// With --cert: its CRL, when consulted.
        @ExplicitNull public var crl: CRLInfo? = nil
        public var findings: [Finding] = []
        /// For an OCSP response checked against --cert (signature and match checked): what
        /// each client would do if a server stapled it; empty otherwise.
        public var clientImpact: [ClientImpact] = []
        /// Why the file could not be inspected; no key when it could.
        public var error: CheckError? = nil
        /// With `error`, for a file that holds an OCSP response OpenSSL cannot read (or an
        /// HTML page): exactly why and where it is broken; no key otherwise.
        public var parseError: ParseError? = nil
    }

    init(file: String, checkedAt: Date) {
        envelope = ReportEnvelope(checkedAt: checkedAt)
        body = Body(file: file)
    }

    static func failed(_ error: CheckError, file: String, at date: Date) -> InspectReport {
        var report = InspectReport(file: file, checkedAt: date)
        report.error = error
        return report
    }
}
