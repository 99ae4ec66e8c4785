#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `staplecheck inspect`: certificates, chains, CSRs and OCSP responses, offline.
public enum Inspector {
    /// One report per file, handed to `each` as soon as it is made and not kept: memory stays
    /// that of one file however many there are. Context files (--cert, --issuer, --ca-file)
    /// that cannot be read make every report an error naming them.
    public static func inspect(files: [RawPath], options: InspectOptions, each: (InspectReport) -> Void) {
        let now = options.analysis.now
        let context: Context
        do throws(CheckError) {
            context = try Context(options)
        } catch {
            for file in files { each(.failed(error, file: file.description, at: now)) }
            return
        }
        // The CA is asked once about --cert, whatever the number of files.
        var asked: (subject: CertificateInfo, live: LiveInfo?, crl: CRLInfo?, profile: [Finding])?
        if let subject = context.revocationSubject, options.revocation.asksCA {
            let certificate = CertificateInfo(subject.leaf)
            let query = RevocationQuery(options: options.revocation, analysis: options.analysis,
                                        deadline: Deadline(seconds: options.timeout), totalTimeout: options.timeout)
            let answers = query.ask(subject, certificate: certificate)
            asked = (certificate, answers.live, answers.crl, answers.profile)
        }
        for file in files {
            let name = file.description
            do throws(CheckError) {
                var report = inspect(try InputDecoder.read(file), name: name, context: context, options: options)
                if let asked {
                    report.live = asked.live
                    report.crl = asked.crl
                    report.findings = report.findings.adding(RevocationJudge.findings(.init(
                        certificate: asked.subject, staple: report.staple, live: asked.live, crl: asked.crl, now: now,
                        options: options.revocation, responderProfile: asked.profile)))
                }
                each(ReportJudge.complete(report, chainTrusted: context.chainTrusted))
            } catch {
                each(.failed(error, file: name, at: now))
            }
        }
    }

    /// Every report at once (for a few files; `inspect(files:options:each:)` for many).
    public static func inspect(paths: [String], options: InspectOptions) -> [InspectReport] {
        var reports: [InspectReport] = []
        inspect(files: paths.map { RawPath($0) }, options: options) { reports.append($0) }
        return reports
    }

    /// Inspects bytes as if read from a file called `name`, with no --cert or --issuer: the
    /// entry point the fuzzer drives.
    public static func inspect(bytes: [UInt8], name: String, options: AnalysisOptions) -> InspectReport {
        do throws(CheckError) {
            let inspectOptions = InspectOptions(analysis: options)
            return inspect(bytes, name: name, context: try Context(inspectOptions), options: inspectOptions)
        } catch {
            return .failed(error, file: name, at: options.now)
        }
    }

    static func inspect(_ bytes: [UInt8], name: String, context: Context, options: InspectOptions) -> InspectReport {
        var report = InspectReport(file: name, checkedAt: options.analysis.now)
        let decoded: DecodedInput
        do throws(CheckError) {
            (decoded, report.encoding) = try InputDecoder.decode(bytes, name: name)
        } catch {
            var failed = InspectReport.failed(error, file: name, at: options.analysis.now)
            failed.parseError = ResponseBytes.diagnoseFile(bytes)
            return failed
        }
        report.kind = decoded.kind
        switch decoded {
        case .certificates(let list):
            let infos = list.map(CertificateInfo.init)
            report.certificate = infos.first
            report.certificates = infos
            if let leaf = list.first {
                let verification = ChainVerification(leaf: leaf, served: list, store: context.store)
                report.chain = ChainInfo(servedCount: list.count, trusted: verification.trusted, verifyError: verification.error,
                                         issuer: verification.issuer?.subject)
            }
            if let leaf = infos.first {
                report.findings = CertificateStructure.findings(chain: list) + certificateFindings(leaf, now: options.analysis.now)
            }
        case .csr(let request):
            report.csr = request.info
        case .ocspResponse(let response):
            report.ocsp = OCSPResponseDetail(response, der: response.der)
            report.certificate = context.leaf.map(CertificateInfo.init)
            let analyzer = StapleAnalyzer(store: context.store, now: options.analysis.now, warnWithin: options.analysis.warnWithin)
            let subject = StapleSubject(leaf: context.leaf, issuer: context.issuer, untrusted: context.intermediates,
                                        chainTrusted: context.chainTrusted)
            let (info, findings) = analyzer.analyze(response, size: bytes.count, for: subject)
            report.staple = info
            report.findings = findings
        }
        return report
    }

    /// Certificate lifetimes at or under this need no revocation information (CA/Browser
    /// Forum Baseline Requirements, short-lived subscriber certificates).
    static let shortLivedLimit: TimeInterval = 10 * 86400

    static func certificateFindings(_ certificate: CertificateInfo, now: Date) -> [Finding] {
        var findings: [Finding] = []
        if let end = certificate.notAfter, end < now { findings.append(.certificateExpired(end)) }
        if let start = certificate.notBefore, start > now { findings.append(.certificateNotYetValid(start)) }
        if certificate.shortLived { findings.append(.certificateShortLived(days: certificate.lifetimeDays)) }
        findings += Analysis.missingStapleFindings(certificate, rejection: nil, options: nil)
        return findings
    }
}

extension Finding {
    static func certificateExpired(_ end: Date) -> Finding {
        Finding(.certificateExpired, message: "The certificate expired at \(ISO8601.string(end)).",
                fix: "Renew it, install the new certificate and reload the server.")
    }

    static func certificateNotYetValid(_ start: Date) -> Finding {
        Finding(.certificateNotYetValid, message: "The certificate is not valid until \(ISO8601.string(start)).",
                fix: "Check this machine's clock; serve it only from that time on.")
    }

    static func certificateShortLived(days: Double?) -> Finding {
        Finding(.certificateShortLived,
                message: "The certificate lives \(days.map { String(($0 * 10).rounded() / 10) } ?? "?") days (10 or fewer): revocation information is optional for it, and a missing staple or OCSP URL is expected.",
                fix: nil)
    }
}
