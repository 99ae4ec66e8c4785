import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The server check: `staplecheck check TARGET`.
extension TextRenderer {
    public func render(_ report: Report) -> String {
        var page = Page()
        let target = report.target
        var details: [String] = []
        if let address = target.address { details.append(Self.escape(address)) }
        if let starttls = target.starttls { details.append("STARTTLS " + starttls.rawValue) }
        details.append(target.serverName.map { "SNI " + Self.escape($0) } ?? "no SNI")
        if let tls = report.tls { details.append(Self.escape(tls.version.rawValue) + " " + Self.escape(tls.cipher)) }
        page.line(paint("staplecheck " + Self.escape(target.host) + ":\(target.port) (" + details.joined(separator: ", ") + ")", .bold))
        page.line()
        page.line("Verdict: " + verdictText(report.verdict, staple: report.staple, checkedAt: report.checkedAt, error: report.error))
        page.line()
        endpointTable(report.endpoints, into: &page)
        if let certificate = report.certificate {
            certificateSection(certificate, chain: report.chain, into: &page)
        }
        if let staple = report.staple {
            stapleSection(staple, title: "Staple", checkedAt: report.checkedAt, into: &page)
        } else if report.tls != nil {
            page.line(paint("Staple", .bold))
            page.line(report.stapled ? "  sent, but too large to read (a TLS 1.2 CertificateStatus over 16,384 bytes)" : "  none sent")
            page.line()
        }
        otherEndpoints(report, into: &page)
        if let live = report.live { liveSection(live, checkedAt: report.checkedAt, into: &page) }
        if let crl = report.crl { crlSection(crl, into: &page) }
        impactSection(report.clientImpact, into: &page)
        findingsSection(report.findings, into: &page)
        explainHint(report.findings, into: &page)
        return page.text
    }
}
