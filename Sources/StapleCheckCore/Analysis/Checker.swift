#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs checks. Value type with Sendable inputs and outputs: many can run at once.
public struct Checker: Sendable {
    public var probe: Probe

    public init(probe: Probe = Probe()) {
        self.probe = probe
    }

    /// `trust`: anchors loaded once for many checks (a batch); nil loads `options.analysis.trust`.
    public func check(_ target: Target, options: CheckOptions, trust: LoadedTrust? = nil) -> Report {
        let serverName = options.serverName ?? (target.isIPLiteral ? nil : target.host)
        var plan = options.plan
        plan.starttls = options.starttls.protocol(forPort: target.port)
        let info = TargetInfo(host: target.host, port: target.port, address: nil, serverName: serverName, starttls: plan.starttls)
        let stopwatch = Stopwatch()
        var (report, handshakeMs) = check(target, info: info, plan: plan, options: options, trust: trust)
        report.timing = CheckTiming(durationMs: stopwatch.milliseconds, handshakeMs: handshakeMs)
        return report
    }

    /// The check itself, and how long the primary endpoint's first handshake took.
    private func check(_ target: Target, info: TargetInfo, plan: ProbePlan, options: CheckOptions,
                       trust: LoadedTrust?) -> (Report, handshakeMs: Int?) {
        let serverName = info.serverName
        do throws(CheckError) {
            // The trust anchors load before the network is touched: a bad --ca-file is the
            // user's error and is said first.
            let store: TrustStore
            if let trust { store = trust.store } else { store = try TrustStore(options.analysis.trust, at: options.analysis.now) }
            let deadline = Deadline(seconds: options.timeout)
            let survey = try probe.survey(target, serverName: serverName, plan: plan, deadline: deadline)
            var deployment = Analysis.report(for: survey, target: info, options: options.analysis, store: store)
            if deployment.report.error == nil, options.revocation.asksCA {
                ask(&deployment, options: options, store: store, deadline: deadline)
            }
            let primary = survey.addresses.first { $0.address == deployment.report.target.address } ?? survey.addresses.first
            return (ReportJudge.complete(deployment.report), primary?.captures.first?.handshakeMs)
        } catch {
            return (.failed(error, target: info, at: options.analysis.now), nil)
        }
    }

    /// Asks the CA about each distinct certificate once; its answers are about the
    /// certificate, so they join every endpoint serving it. The top-level `live` and `crl`
    /// are the primary certificate's.
    private func ask(_ deployment: inout Analysis.Deployment, options: CheckOptions, store: TrustStore, deadline: Deadline) {
        let query = RevocationQuery(options: options.revocation, analysis: options.analysis, deadline: deadline, totalTimeout: options.timeout)
        for (index, (fingerprint, served)) in deployment.chains.enumerated() {
            let endpoints = deployment.report.endpoints.indices.filter { deployment.report.endpoints[$0].certificate?.sha256Fingerprint == fingerprint }
            guard let first = endpoints.first, let certificate = deployment.report.endpoints[first].certificate else { continue }
            let (live, crl, profile) = query.ask(served.revocationSubject(store: store), certificate: certificate)
            if index == 0 { (deployment.report.live, deployment.report.crl) = (live, crl) }
            for i in endpoints {
                let endpoint = deployment.report.endpoints[i]
                let findings = RevocationJudge.findings(.init(certificate: certificate, staple: endpoint.staple, live: live, crl: crl,
                                                              now: options.analysis.now, options: options.revocation, responderProfile: profile))
                deployment.report.endpoints[i].findings = endpoint.findings
                    .adding(findings.map { $0.located(address: endpoint.address, keyType: endpoint.keyType) })
            }
        }
        deployment.collectFindings()
    }
}
