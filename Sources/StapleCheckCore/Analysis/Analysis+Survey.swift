#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A whole deployment: every address's endpoints, the deployment's own findings, and the
/// top level describing the primary endpoint (the first address checked, the certificate
/// the server picks by default) as a single-handshake report always did.
extension Analysis {
    /// The report, with the served chain of each distinct certificate (by SHA-256
    /// fingerprint) for the live query.
    struct Deployment {
        var report: Report
        var chains: [(fingerprint: String, served: ServedChain)]
        /// The deployment's own findings, kept apart so that endpoint findings added later
        /// (the CA's answers) can be collected again.
        var deploymentFindings: [Finding]

        /// Top-level findings: every endpoint's, then the deployment's, without duplicates.
        mutating func collectFindings() {
            var all: [Finding] = []
            for finding in report.endpoints.flatMap(\.findings) + deploymentFindings where !all.contains(finding) {
                all.append(finding)
            }
            report.findings = all
        }
    }

    static func report(for survey: Survey, target: TargetInfo, options: AnalysisOptions, store: TrustStore) -> Deployment {
        let analysis = EndpointAnalysis(options: options, store: store)
        var endpoints: [EndpointReport] = []
        var primary: EndpointAnalysis.Judged?
        var chains: [(fingerprint: String, served: ServedChain)] = []
        for address in survey.addresses {
            let judged = analysis.judge(address)
            guard !judged.isEmpty else {
                let error = address.error ?? CheckError.unreadableCertificate(address: address.address)
                let findings = error.noLocalRoute ? [] : [Finding.addressUnreachable(address.address, error).located(address: address.address, keyType: nil)]
                endpoints.append(.failed(address.address, error, findings: findings))
                continue
            }
            primary = primary ?? judged.first
            for endpoint in judged {
                endpoints.append(endpoint.report)
                if let fingerprint = endpoint.report.certificate?.sha256Fingerprint, !chains.contains(where: { $0.fingerprint == fingerprint }) {
                    chains.append((fingerprint, endpoint.served))
                }
            }
        }
        var deploymentFindings = DeploymentJudge.findings(endpoints)
        if survey.omittedAddresses > 0 {
            deploymentFindings.append(.addressesCapped(checked: survey.addresses.count, omitted: survey.omittedAddresses))
        }
        var target = target
        var report: Report
        if let primary {
            target.address = primary.report.address
            report = Report(checkedAt: options.now, target: target,
                            tls: TLSInfo(version: primary.first.tlsVersion, cipher: primary.first.cipher),
                            certificate: primary.report.certificate, chain: primary.chain, staple: primary.report.staple)
        } else {
            let error = survey.addresses.first?.error ?? CheckError.unreachable("no address of \(target.host) could be checked")
            report = .failed(error, target: target, at: options.now)
        }
        report.endpoints = endpoints
        var deployment = Deployment(report: report, chains: chains, deploymentFindings: deploymentFindings)
        deployment.collectFindings()
        return deployment
    }
}

extension Finding {
    static func addressUnreachable(_ address: String, _ error: CheckError) -> Finding {
        Finding(.addressUnreachable,
                message: "The address \(address) could not be checked (\(error.message)), while other addresses of the host answer: clients sent there fail or wait.",
                fix: "Bring the backend at \(address) back (or take it out of DNS and the load balancer); then check it alone with `--address`.")
    }

    static func addressesCapped(checked: Int, omitted: Int) -> Finding {
        Finding(.addressesCapped,
                message: "The host has \(checked + omitted) addresses and only the first \(checked) \(checked == 1 ? "was" : "were") checked (--max-addresses).",
                fix: "Raise `--max-addresses`, or check the others with `--address`.")
    }
}
