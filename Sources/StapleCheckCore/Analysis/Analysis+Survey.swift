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
            let refused = refusedFinding(address, proto: target.starttls)
            if let refused, judged.isEmpty {
                // Never a handshake: the address is judged by its refusal alone.
                endpoints.append(EndpointReport(address: address.address, keyType: nil, tlsVersions: [], certificate: nil, staple: nil,
                                                handshakes: HandshakeTally(sequence: []), findings: [refused]))
                continue
            }
            guard !judged.isEmpty else {
                let error = address.error ?? CheckError.unreadableCertificate(address: address.address)
                let findings = error.noLocalRoute ? [] : [Finding.addressUnreachable(address.address, error).located(address: address.address, keyType: nil)]
                endpoints.append(.failed(address.address, error, findings: findings))
                continue
            }
            primary = primary ?? judged.first
            for (index, endpoint) in judged.enumerated() {
                var report = endpoint.report
                // Refusals belong to the address: told once, on its first endpoint.
                if index == 0, let refused { report.findings.insert(refused, at: 0) }
                endpoints.append(report)
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
        } else if let refused = endpoints.first(where: { $0.error == nil }) {
            // STARTTLS refused wherever it was tried: a report of that, with no handshake.
            target.address = refused.address
            report = Report(checkedAt: options.now, target: target)
        } else {
            let error = survey.addresses.first?.error ?? CheckError.unreachable("no address of \(target.host) could be checked")
            report = .failed(error, target: target, at: options.now)
        }
        report.endpoints = endpoints
        var deployment = Deployment(report: report, chains: chains, deploymentFindings: deploymentFindings)
        deployment.collectFindings()
        return deployment
    }

    /// `starttls-refused` for an address that refused STARTTLS at least once.
    private static func refusedFinding(_ address: AddressSurvey, proto: StartTLSProtocol?) -> Finding? {
        guard let refusal = address.refusals.first else { return nil }
        return Finding.starttlsRefused(address: address.address, proto: proto, refusal: refusal, refused: address.refusals.count,
                                       attempts: address.refusals.count + address.captures.count)
            .located(address: address.address, keyType: nil)
    }
}

extension Finding {
    static func starttlsRefused(address: String, proto: StartTLSProtocol?, refusal: StartTLSRefusal, refused: Int, attempts: Int) -> Finding {
        let name = proto?.displayName ?? "STARTTLS"
        let how = refused == attempts ? "every time (\(refused) of \(attempts) connections)" : "on \(refused) of \(attempts) connections"
        let cause = proto == .smtp || proto == .lmtp
            ? " exim (built with GnuTLS, as Debian's is) answers every STARTTLS with `454 TLS currently unavailable` when its `tls_ocsp_file` is expired or for another certificate: the bad staple file takes TLS down for all mail."
            : ""
        return Finding(.starttlsRefused,
                       message: "The \(name) server at \(address) offers STARTTLS but refused it \(how): \(refusal.command) was answered \(refusal.reply). Clients that insist on TLS cannot connect; the others fall back to cleartext.\(cause)",
                       fix: "Look in the server's log for the TLS error at STARTTLS (a certificate, key or staple file it cannot load) and fix the file it names; for exim replace the `tls_ocsp_file` with a fresh response for the certificate it serves (`staplecheck fetch --cert CERT --issuer ISSUER -o FILE`, then check it with `staplecheck inspect FILE --cert CERT`) and refresh it before its nextUpdate.")
    }

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
