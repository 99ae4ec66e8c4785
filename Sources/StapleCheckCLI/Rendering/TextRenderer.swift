import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders reports for people. Everything that came from a server, a certificate or a file
/// is untrusted: `escape` runs over every dynamic string so that control characters cannot
/// move the cursor, recolour the terminal or hide text.
struct TextRenderer {
    var color: Bool

    private enum Style: String {
        case red = "31", yellow = "33", green = "32", bold = "1", dim = "2"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Accumulates lines; `field` aligns a label and a value.
    private struct Page {
        var text = ""
        mutating func line(_ s: String = "") { text += s + "\n" }
        mutating func field(_ name: String, _ value: String, indent: String = "  ") {
            line(indent + name + String(repeating: " ", count: max(1, 13 - name.count)) + value)
        }
    }

    // MARK: - Live check

    func render(_ report: Report) -> String {
        var page = Page()
        let target = report.target
        var details: [String] = []
        if let address = target.address { details.append(Self.escape(address)) }
        details.append(target.serverName.map { "SNI " + Self.escape($0) } ?? "no SNI")
        if let tls = report.tls { details.append(Self.escape(tls.version) + " " + Self.escape(tls.cipher)) }
        page.line(paint("staplecheck " + Self.escape(target.host) + ":\(target.port) (" + details.joined(separator: ", ") + ")", .bold))
        page.line()
        page.line("Verdict: " + verdictText(report.verdict, staple: report.staple, checkedAt: report.checkedAt, error: report.error))
        page.line()
        if let certificate = report.certificate {
            certificateSection(certificate, chain: report.chain, into: &page)
        }
        if let staple = report.staple {
            stapleSection(staple, title: "Staple", checkedAt: report.checkedAt, into: &page)
        } else {
            page.line(paint("Staple", .bold))
            page.line("  none sent")
            page.line()
        }
        if let live = report.live { liveSection(live, checkedAt: report.checkedAt, into: &page) }
        if let crl = report.crl { crlSection(crl, into: &page) }
        findingsSection(report.findings, into: &page)
        return page.text
    }

    // MARK: - inspect

    func render(_ report: InspectReport) -> String {
        var page = Page()
        let kind = [report.kind?.rawValue, report.encoding?.rawValue.uppercased()].compactMap { $0 }.joined(separator: ", ")
        page.line(paint("staplecheck inspect " + Self.escape(report.file) + (kind.isEmpty ? "" : " (\(kind))"), .bold))
        page.line()
        page.line("Verdict: " + verdictText(report.verdict, staple: report.staple, checkedAt: report.checkedAt, error: report.error))
        page.line()
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
        findingsSection(report.findings, into: &page)
        return page.text
    }

    // MARK: - fetch

    func render(_ report: FetchReport) -> String {
        var page = Page()
        page.line(paint("staplecheck fetch " + Self.escape(report.output), .bold))
        page.line()
        let label: String
        switch report.action {
        case .written: label = paint("WRITTEN", .green)
        case .skipped: label = paint("SKIPPED", .green)
        case .kept: label = paint("KEPT", .green)
        case .none: label = paint("NOT WRITTEN", .red)
        }
        page.line(label + " — " + Self.escape(report.reason))
        page.line()
        if let staple = report.staple {
            stapleSection(staple, title: report.action == .none ? "Refused response" : "Response", checkedAt: report.checkedAt, into: &page)
        }
        if let live = report.live { liveSection(live, checkedAt: report.checkedAt, into: &page) }
        findingsSection(report.findings, into: &page)
        return page.text
    }

    // MARK: - Sections

    private func certificateSection(_ cert: CertificateInfo, chain: ChainInfo?, title: String = "Certificate", into page: inout Page) {
        page.line(paint(title, .bold))
        page.field("subject", Self.escape(cert.subject))
        page.field("issuer", Self.escape(cert.issuer))
        page.field("serial", cert.serialNumber)
        var validity = "\(Self.time(cert.notBefore)) to \(Self.time(cert.notAfter))"
        if let days = cert.lifetimeDays { validity += " (\(DurationFormat.compact(days * 86400))\(cert.shortLived ? ", short-lived" : ""))" }
        page.field("valid", validity)
        if !cert.subjectAltNames.isEmpty { page.field("names", cert.subjectAltNames.map(Self.escape).joined(separator: ", ")) }
        page.field("key", Self.escape(cert.keyType))
        page.field("OCSP", cert.ocspURLs.isEmpty ? "none (no OCSP responder named)" : cert.ocspURLs.map(Self.escape).joined(separator: ", "))
        page.field("CRL", cert.crlURLs.isEmpty ? "none" : cert.crlURLs.map(Self.escape).joined(separator: ", "))
        let features = cert.tlsFeatures.joined(separator: ", ")
        page.field("must-staple", cert.mustStaple ? "yes (TLS Feature: \(features))" : "no" + (features.isEmpty ? "" : " (TLS Feature: \(features))"))
        if let chain {
            let trust = chain.trusted ? "trusted" : "NOT trusted: " + Self.escape(chain.verifyError ?? "?")
            page.field("chain", "\(chain.servedCount) \(chain.servedCount == 1 ? "certificate" : "certificates"), \(trust)")
        }
        page.line()
    }

    private func stapleSection(_ staple: StapleInfo, title: String, checkedAt: Date, into page: inout Page) {
        page.line(paint(title, .bold) + " (\(staple.size) bytes)")
        defer { page.line() }
        guard staple.parsed else {
            page.field("content", "not an OCSP response")
            return
        }
        page.field("response", staple.responseStatus.map(\.description) ?? "?")
        guard staple.responseStatus == .successful, staple.responseType == "basic" else { return }
        page.field("cert status", staple.certStatus?.rawValue ?? "?")
        if let revoked = staple.revocationTime {
            page.field("revoked", Self.time(revoked) + (staple.revocationReason.map { " (\($0))" } ?? ""))
        }
        let match = staple.notChecked.contains("certificate") ? " (not checked: no certificate given)"
            : staple.matchesCertificate ? " (matches the certificate)" : " (does NOT match the certificate)"
        page.field("for serial", (staple.serialNumber ?? "?") + match)
        page.field("produced", Self.time(staple.producedAt))
        page.field("this update", Self.time(staple.thisUpdate))
        page.field("next update", staple.nextUpdate.map { Self.time($0) + relative($0, from: checkedAt) } ?? "none")
        page.field("window", staple.timeValid ? "valid now" : "NOT valid now")
        if staple.notChecked.contains("signature") {
            page.field("signature", "not checked (signer unknown: give --issuer)")
        } else {
            page.field("signer", staple.signer.rawValue + (staple.signerSubject.map { " (\(Self.escape($0)))" } ?? ""))
            page.field("signature", staple.signatureValid ? "valid" : "NOT valid" + (staple.verifyError.map { ": " + Self.escape($0) } ?? ""))
        }
        if let responder = staple.responderID { page.field("responder", Self.escape(responder)) }
    }

    private func liveSection(_ live: LiveInfo, checkedAt: Date, into page: inout Page) {
        page.line(paint("Responder (asked directly)", .bold))
        defer { page.line() }
        if let error = live.error, live.attempts.isEmpty {
            page.field("not asked", Self.escape(error))
            return
        }
        if let url = live.url { page.field("URL", Self.escape(url)) }
        var answer = live.result.map(\.rawValue) ?? "?"
        if let status = live.certStatus { answer = status.rawValue + (live.result == .ok ? "" : " (\(answer))") }
        if let revoked = live.revocationTime {
            answer += " since \(Self.time(revoked))" + (live.revocationReason.map { " (\($0))" } ?? "")
        }
        page.field("answer", answer)
        if live.thisUpdate != nil || live.nextUpdate != nil {
            page.field("window", "\(Self.time(live.thisUpdate)) to \(live.nextUpdate.map { Self.time($0) + relative($0, from: checkedAt) } ?? "none")")
        }
        if let response = live.response, response.parsed, response.responseStatus == .successful {
            page.field("signer", response.signer.rawValue + (response.signerSubject.map { " (\(Self.escape($0)))" } ?? "")
                       + (response.signatureValid ? ", valid" : ", NOT valid"))
        }
        if let echoed = live.nonceEchoed { page.field("nonce", echoed ? "echoed" : "not echoed") }
        let ok = live.attempts.count - live.failedAttempts
        page.field("requests", "\(live.attempts.count) (\(ok) ok, \(live.failedAttempts) failed)")
        for attempt in live.attempts {
            var line = "\(attempt.method.rawValue) \(attempt.httpStatus.map(String.init) ?? "---") \(attempt.result.rawValue)"
            line += ", \(attempt.latencyMs) ms, \(attempt.bytes) bytes"
            if let type = attempt.contentType { line += ", " + Self.escape(type) }
            if let error = attempt.error, attempt.result != .ok { line += ": " + Self.escape(error) }
            page.field("", line, indent: "    ")
        }
        if let error = live.error { page.field("note", Self.escape(error)) }
    }

    private func crlSection(_ crl: CRLInfo, into page: inout Page) {
        page.line(paint("CRL", .bold))
        defer { page.line() }
        page.field("URL", Self.escape(crl.url))
        var status = crl.certStatus?.rawValue ?? crl.result.rawValue
        if let revoked = crl.revocationTime {
            status += " since \(Self.time(revoked))" + (crl.revocationReason.map { " (\($0))" } ?? "")
        }
        page.field("status", status)
        if crl.thisUpdate != nil { page.field("window", "\(Self.time(crl.thisUpdate)) to \(Self.time(crl.nextUpdate))") }
        if let issuer = crl.issuer { page.field("issuer", Self.escape(issuer) + (crl.signatureValid ? ", signature valid" : "")) }
        page.field("fetched", "\(crl.httpStatus.map { "HTTP \($0)" } ?? "no answer"), \(crl.bytes) bytes, \(crl.latencyMs) ms"
                   + (crl.revokedCount.map { ", \($0) entries" } ?? ""))
        if let error = crl.error { page.field("error", Self.escape(error)) }
    }

    private func ocspSection(_ ocsp: OCSPResponseDetail, into page: inout Page) {
        page.line(paint("OCSP response", .bold))
        page.field("status", ocsp.responseStatus.description)
        if let type = ocsp.responseType { page.field("type", Self.escape(type)) }
        if let version = ocsp.version { page.field("version", version == 0 ? "1" : "encoded \(version) (invalid: only v1, encoded 0, exists)") }
        if let responder = ocsp.responderID { page.field("responder", Self.escape(responder)) }
        if ocsp.producedAt != nil { page.field("produced", Self.time(ocsp.producedAt)) }
        if let algorithm = ocsp.signatureAlgorithm { page.field("signed with", Self.escape(algorithm)) }
        for (index, single) in ocsp.responses.enumerated() {
            page.line("  SingleResponse \(index + 1) of \(ocsp.responses.count)")
            page.field("CertID", "\(Self.escape(single.hashAlgorithm)), serial \(single.serialNumber)", indent: "    ")
            page.field("name hash", single.issuerNameHash, indent: "    ")
            page.field("key hash", single.issuerKeyHash, indent: "    ")
            var status = single.certStatus.rawValue
            if let time = single.revocationTime { status += " at \(Self.time(time))" + (single.revocationReason.map { " (\($0))" } ?? "") }
            page.field("status", status, indent: "    ")
            page.field("this update", Self.time(single.thisUpdate), indent: "    ")
            page.field("next update", single.nextUpdate.map { Self.time($0) } ?? "none", indent: "    ")
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

    private func findingsSection(_ findings: [Finding], into page: inout Page) {
        guard !findings.isEmpty else { return }
        page.line(paint("Findings", .bold))
        for finding in findings {
            let label: String
            switch finding.severity {
            case .critical: label = paint("CRITICAL", .red)
            case .warning: label = paint("WARNING ", .yellow)
            case .info: label = paint("INFO    ", .dim)
            }
            page.line("  \(label) \(finding.code.rawValue): \(Self.escape(finding.message))")
            if let fix = finding.fix { page.line("           fix: " + Self.escape(fix)) }
        }
    }

    private func verdictText(_ verdict: Verdict, staple: StapleInfo?, checkedAt: Date, error: CheckError?) -> String {
        switch verdict {
        case .ok:
            let summary: String
            if let staple, staple.certStatus == .good, let next = staple.nextUpdate {
                let signer = staple.notChecked.contains("signature") ? "signature not checked"
                    : "signed by the \(staple.signer == .issuer ? "issuer" : "delegated responder")"
                summary = "valid staple (good), \(signer), next update in \(DurationFormat.compact(next.timeIntervalSince(checkedAt)))"
            } else if staple != nil {
                summary = "valid staple"
            } else {
                summary = "nothing wrong found"
            }
            return paint("OK", .green) + " — " + summary
        case .warning: return paint("WARNING", .yellow)
        case .critical: return paint("CRITICAL", .red)
        case .error: return paint("ERROR", .red) + " — " + Self.escape(error?.message ?? "")
        }
    }

    private func relative(_ date: Date, from now: Date) -> String {
        let delta = date.timeIntervalSince(now)
        return delta >= 0 ? " (in \(DurationFormat.compact(delta)))" : " (\(DurationFormat.compact(-delta)) ago)"
    }

    static func time(_ date: Date?) -> String {
        guard let date else { return "?" }
        return ISO8601.string(date)
    }

    /// Replaces C0/C1 control characters, DEL and bidirectional overrides with visible
    /// escapes (`\x1b`, `\u{202e}`); everything else, including non-ASCII text, is kept.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
                out += "\\x" + (v < 0x10 ? "0" : "") + String(v, radix: 16)
            } else if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F {
                out += "\\u{" + String(v, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
