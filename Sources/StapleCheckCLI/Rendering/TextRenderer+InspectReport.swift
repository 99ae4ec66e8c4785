import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `staplecheck inspect FILE`: one report per file; OCSP responses in full detail.
extension TextRenderer {
    public func render(_ report: InspectReport) -> String {
        var page = Page()
        let kind = [report.kind?.rawValue, report.encoding?.rawValue.uppercased()].compactMap { $0 }.joined(separator: ", ")
        page.line(paint("staplecheck inspect " + Self.escape(report.file) + (kind.isEmpty ? "" : " (\(kind))"), .bold))
        page.line()
        page.line("Verdict: " + verdictText(report.verdict, staple: report.staple, checkedAt: report.checkedAt, error: report.error))
        page.line()
        if let parseError = report.parseError {
            parseErrorField(parseError, into: &page)
            page.line()
        }
        if report.kind == .ocspResponse, let ocsp = report.ocsp {
            if let certificate = report.certificate {
                certificateSection(certificate, chain: nil, title: "Checked against certificate", into: &page)
            }
            if let staple = report.staple {
                stapleSection(staple, title: "Verdict on the response", checkedAt: report.checkedAt, into: &page)
            }
            ocspSection(ocsp, into: &page)
        } else {
            for (index, certificate) in report.certificates.enumerated() {
                let title = report.certificates.count > 1 ? "Certificate \(index + 1) of \(report.certificates.count)" : "Certificate"
                certificateSection(certificate, chain: index == 0 ? report.chain : nil, title: title, into: &page)
            }
        }
        if let live = report.live { liveSection(live, checkedAt: report.checkedAt, into: &page) }
        if let crl = report.crl { crlSection(crl, into: &page) }
        if let csr = report.csr {
            page.line(paint("Certificate signing request", .bold))
            page.field("subject", Self.escape(csr.subject))
            if !csr.subjectAltNames.isEmpty { page.field("names", csr.subjectAltNames.map(Self.escape).joined(separator: ", ")) }
            page.field("key", Self.escape(csr.keyType))
            let features = csr.tlsFeatures.isEmpty ? "" : " (TLS Feature: \(csr.tlsFeatures.joined(separator: ", ")))"
            page.field("must-staple", (csr.mustStaple ? "requested" : "not requested") + features)
            page.field("signature", csr.signatureValid ? "valid" : "NOT valid")
            page.line()
        }
        impactSection(report.clientImpact, into: &page)
        findingsSection(report.findings, into: &page)
        explainHint(report.findings, into: &page)
        return page.text
    }

    private func ocspSection(_ ocsp: OCSPResponseDetail, into page: inout Page) {
        page.line(paint("OCSP response", .bold))
        page.field("status", ocsp.responseStatus.description)
        if let type = ocsp.responseType { page.field("type", Self.escape(type.description)) }
        if let version = ocsp.version { page.field("version", version == 0 ? "1" : "encoded \(version) (invalid: only v1, encoded 0, exists)") }
        if let responder = ocsp.responderID { page.field("responder", Self.escape(responder)) }
        if ocsp.responseType == .basic { page.field("produced", Self.mandatoryTime(ocsp.producedAt)) }
        if let algorithm = ocsp.signatureAlgorithm { page.field("signed with", Self.escape(algorithm)) }
        for (index, single) in ocsp.responses.enumerated() {
            page.line("  SingleResponse \(index + 1) of \(ocsp.responses.count)")
            page.field("CertID", "\(Self.escape(single.hashAlgorithm)), serial \(single.serialNumber)", indent: "    ")
            page.field("name hash", single.issuerNameHash, indent: "    ")
            page.field("key hash", single.issuerKeyHash, indent: "    ")
            var status = single.certStatus.rawValue
            if let time = single.revocationTime { status += " at \(Self.time(time))" + (single.revocationReason.map { " (\($0))" } ?? "") }
            page.field("status", status, indent: "    ")
            page.field("this update", Self.mandatoryTime(single.thisUpdate), indent: "    ")
            page.field("next update", Self.optionalTime(single.nextUpdate, unreadable: single.unreadableTimes.contains("nextUpdate")),
                       indent: "    ")
            for ext in single.extensions { page.field("extension", extensionText(ext), indent: "    ") }
        }
        for ext in ocsp.extensions { page.field("extension", extensionText(ext)) }
        for cert in ocsp.certificates {
            var flags: [String] = []
            if cert.ocspSigning { flags.append("OCSPSigning") }
            if cert.ocspNoCheck { flags.append("ocsp-nocheck") }
            page.field("embedded", Self.escape(cert.subject) + ", issued by " + Self.escape(cert.issuer) + ", until " + Self.time(cert.notAfter)
                       + (flags.isEmpty ? "" : " [" + flags.joined(separator: ", ") + "]"))
        }
        page.line()
    }

    private func extensionText(_ ext: ExtensionDetail) -> String {
        let name = ext.name.map { "\(Self.escape($0)) (\(ext.oid))" } ?? ext.oid
        let value = ext.value.count > 64 ? String(ext.value.prefix(64)) + "…" : ext.value
        return name + (ext.critical ? " CRITICAL" : "") + ": " + value
    }
}
