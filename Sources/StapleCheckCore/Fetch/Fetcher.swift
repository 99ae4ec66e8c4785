#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `staplecheck fetch`: keeps a verified staple file ready for nginx `ssl_stapling_file`,
/// HAProxy `<cert>.ocsp` or any file-based stapling. The file is only ever replaced whole,
/// by a response that verifies completely and is not older than the one it replaces.
public enum Fetcher {
    public static func fetch(_ options: FetchOptions) -> FetchReport {
        let now = options.analysis.now
        let output = options.outputFile.description
        var report = FetchReport(checkedAt: now, output: output)
        let subject: RevocationSubject
        let target: RawPath
        do throws(CheckError) {
            subject = try Inspector.Context.revocationSubject(certificate: options.certificateFile, issuer: options.issuerFile,
                                                              analysis: options.analysis)
            // Before anything is fetched: what -o names must be replaceable at all.
            target = try AtomicFile.target(for: options.outputFile)
        } catch {
            report.error = error
            report.reason = error.message
            return report
        }
        let certificate = CertificateInfo(subject.leaf)
        report.certificate = certificate
        let analyzer = StapleAnalyzer(store: subject.store, now: now, warnWithin: options.analysis.warnWithin)
        AtomicFile.removeOrphans(of: target)

        // The file as it is: a valid one is never replaced by anything worse or older.
        var existingValid = false
        if let bytes = try? InputDecoder.read(target) {
            let (info, _) = analyzer.analyze(bytes, for: subject.stapleSubject)
            report.existing = info
            existingValid = RevocationJudge.stapleValid(info)
        }
        if let minimum = options.minValidity, existingValid, let next = report.existing?.nextUpdate,
           next.timeIntervalSince(now) >= minimum {
            report.action = .skipped
            report.staple = report.existing
            report.reason = "\(output) is valid until \(ISO8601.string(next)), at least the --min-validity asked for: nothing fetched."
            return report
        }

        let revocation = RevocationOptions(live: true, hash: options.hash, nonce: options.nonce, probes: 1, http: options.http)
        let query = RevocationQuery(options: revocation, analysis: options.analysis, deadline: Deadline(seconds: options.timeout),
                                    totalTimeout: options.timeout)
        let outcome = query.live(subject, urls: certificate.ocspURLs)
        report.live = outcome.info
        report.findings = RevocationJudge.findings(.init(certificate: certificate, staple: nil, live: outcome.info, crl: nil,
                                                         now: now, options: revocation,
                                                         responderProfile: outcome.chosen?.profileFindings ?? []))
        guard let chosen = outcome.chosen, outcome.info.attempts[chosen.attempt].result == .ok else {
            report.staple = outcome.chosen?.info
            let attempts = outcome.info.attempts
            if attempts.isEmpty || attempts.allSatisfy(\.result.hasNoUsableResponse) {
                let why = outcome.info.error ?? attempts.last?.error ?? "no answer"
                report.error = CheckError.fetch("could not fetch an OCSP response for \(options.certificateFile): \(why); \(output) left as it was")
                report.reason = report.error?.message ?? ""
            } else {
                report.reason = "no acceptable response (\(outcome.info.result?.rawValue ?? "?"): \(attempts[outcome.chosen?.attempt ?? attempts.count - 1].error ?? "")); \(output) left as it was."
            }
            return report
        }
        report.staple = chosen.info
        guard chosen.info.certStatus == .good else {
            report.reason = "the responder says \(chosen.info.certStatus?.rawValue ?? "?"): only a good response is written; \(output) left as it was."
            return report
        }
        if existingValid, let old = report.existing?.thisUpdate, let new = chosen.info.thisUpdate, old > new {
            report.action = .kept
            report.staple = report.existing
            report.reason = "\(output) holds a newer valid response (thisUpdate \(ISO8601.string(old))) than the responder's (\(ISO8601.string(new))): kept."
            return report
        }
        do throws(CheckError) {
            try AtomicFile.replace(options.outputFile, with: chosen.der)
        } catch {
            report.error = error
            report.reason = error.message
            return report
        }
        report.action = .written
        report.reason = "wrote a verified good response valid until \(chosen.info.nextUpdate.map(ISO8601.string) ?? "?") to \(output)."
        return report
    }
}
