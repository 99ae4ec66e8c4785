/// The last stage of a check or an inspection: once every finding is in, says who is
/// affected (`clientImpact`, from the client table) and what most likely caused each
/// finding (`likelyCause`). Pure: a function of the report.
public enum ReportJudge {
    public static func complete(_ report: Report) -> Report {
        guard report.error == nil else { return report }
        var report = report
        let answer = ResponderAnswer(report.live)
        let primary = report.endpoints.first
        let mustStaple = report.certificate?.mustStaple ?? false
        if report.chain?.trusted == true,
           let situation = ClientImpactJudge.situation(staple: report.staple, stapled: report.stapled, mustStaple: mustStaple,
                                                       findings: primary?.findings ?? report.findings) {
            report.clientImpact = ClientImpactJudge.impacts(situation, answer: answer, mustStaple: mustStaple)
        }
        let host = report.target.serverName ?? report.target.host
        let primaryFingerprint = report.certificate?.sha256Fingerprint
        for index in report.endpoints.indices {
            let endpoint = report.endpoints[index]
            // The CA's answer is the primary certificate's; another certificate's is not kept.
            let sameCertificate = endpoint.certificate?.sha256Fingerprint == primaryFingerprint
            let context = CauseJudge.Context(staple: endpoint.staple, stapledHandshakes: endpoint.handshakes.stapled,
                                             distinctStaples: endpoint.handshakes.distinctStaples,
                                             answer: sameCertificate ? answer : .notAsked, host: host,
                                             starttls: report.target.starttls)
            report.endpoints[index].findings = endpoint.findings.map { $0.with(likelyCause: CauseJudge.cause(for: $0, context)) }
        }
        let context = CauseJudge.Context(staple: report.staple, stapledHandshakes: primary?.handshakes.stapled ?? 0,
                                         distinctStaples: primary?.handshakes.distinctStaples ?? 0, answer: answer, host: host,
                                         starttls: report.target.starttls)
        report.findings = report.findings.map { finding in
            // An endpoint's finding takes the cause judged with that endpoint's own staple.
            let located = report.endpoints.lazy.flatMap(\.findings).first { $0.with(likelyCause: nil) == finding }
            return finding.with(likelyCause: located?.likelyCause ?? CauseJudge.cause(for: finding, context))
        }
        return report
    }

    /// `chainTrusted`: --cert's chain reaches the trust store (clients would refuse it first).
    public static func complete(_ report: InspectReport, chainTrusted: Bool) -> InspectReport {
        guard report.error == nil, report.kind == .ocspResponse, let staple = report.staple, report.certificate != nil, chainTrusted
        else { return report }
        var report = report
        let mustStaple = report.certificate?.mustStaple ?? false
        if let situation = ClientImpactJudge.situation(staple: staple, stapled: true, mustStaple: mustStaple, findings: report.findings) {
            report.clientImpact = ClientImpactJudge.impacts(situation, answer: ResponderAnswer(report.live), mustStaple: mustStaple)
        }
        return report
    }
}
