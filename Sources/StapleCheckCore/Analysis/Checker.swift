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

    public func check(_ target: Target, options: CheckOptions) -> Report {
        let serverName = options.serverName ?? (target.isIPLiteral ? nil : target.host)
        let info = TargetInfo(host: target.host, port: target.port, address: nil, serverName: serverName)
        do throws(CheckError) {
            // The trust anchors load before the network is touched: a bad --ca-file is the
            // user's error and is said first.
            let store = try TrustStore(options.analysis.trust, at: options.analysis.now)
            let deadline = Deadline(seconds: options.timeout)
            let capture = try probe.handshake(target, serverName: serverName, deadline: deadline)
            guard let served = ServedChain(capture.chainDER, store: store) else {
                throw CheckError.unreadableCertificate(address: capture.address)
            }
            var report = Analysis.report(for: capture, served: served, target: info, options: options.analysis, store: store)
            if let certificate = report.certificate, options.revocation.asksCA {
                let query = RevocationQuery(options: options.revocation, analysis: options.analysis, deadline: deadline,
                                            totalTimeout: options.timeout)
                (report.live, report.crl) = query.ask(served.revocationSubject(store: store), certificate: certificate)
                report.findings += RevocationJudge.findings(.init(certificate: certificate, staple: report.staple, live: report.live,
                                                                  crl: report.crl, now: options.analysis.now, options: options.revocation))
            }
            return report
        } catch {
            return .failed(error, target: info, at: options.analysis.now)
        }
    }
}
