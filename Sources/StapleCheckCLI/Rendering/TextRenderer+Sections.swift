import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The sections several report kinds print: certificate, staple, responder, CRL, findings, verdict.
extension TextRenderer {
    func certificateSection(_ cert: CertificateInfo, chain: ChainInfo?, title: String = "Certificate", into page: inout Page) {
        page.line(paint(title, .bold))
        page.field("subject", Self.escape(cert.subject))
        page.field("issuer", Self.escape(cert.issuer))
        page.field("serial", cert.serialNumber)
        var validity = "\(Self.mandatoryTime(cert.notBefore)) to \(Self.mandatoryTime(cert.notAfter))"
        if let days = cert.lifetimeDays { validity += " (\(DurationFormat.compact(days * 86400))\(cert.shortLived ? ", short-lived" : ""))" }
        page.field("valid", validity)
        if !cert.subjectAltNames.isEmpty { page.field("names", cert.subjectAltNames.map(Self.escape).joined(separator: ", ")) }
        page.field("key", Self.escape(cert.keyType))
        let invalid = cert.invalidOCSPURLs.map { "INVALID " + Self.escape($0) }
        page.field("OCSP", cert.ocspURLs.isEmpty && invalid.isEmpty ? "none (no OCSP responder named)"
                   : (cert.ocspURLs.map(Self.escape) + invalid).joined(separator: ", "))
        page.field("CRL", cert.crlURLs.isEmpty ? "none" : cert.crlURLs.map(Self.escape).joined(separator: ", "))
        let features = cert.tlsFeatures.joined(separator: ", ")
        page.field("must-staple", cert.mustStaple ? "yes (TLS Feature: \(features))" : "no" + (features.isEmpty ? "" : " (TLS Feature: \(features))"))
        if let chain {
            let trust = chain.trusted ? "trusted" : "NOT trusted: " + Self.escape(chain.verifyError ?? "?")
            page.field("chain", "\(chain.servedCount) \(chain.servedCount == 1 ? "certificate" : "certificates"), \(trust)")
        }
        page.line()
    }

    func stapleSection(_ staple: StapleInfo, title: String, checkedAt: Date, into page: inout Page) {
        page.line(paint(title, .bold) + " (\(staple.size) bytes)")
        defer { page.line() }
        if let parseError = staple.parseError { parseErrorField(parseError, into: &page) }
        guard staple.parsed else {
            page.field("content", "not an OCSP response")
            return
        }
        page.field("response", staple.responseStatus.map(\.description) ?? "?")
        guard staple.responseStatus == .successful, staple.responseType == .basic else { return }
        page.field("cert status", staple.certStatus?.rawValue ?? "?")
        if let revoked = staple.revocationTime {
            page.field("revoked", Self.time(revoked) + (staple.revocationReason.map { " (\($0))" } ?? ""))
        }
        let match = staple.notChecked.contains(.certificate) ? " (not checked: no certificate given)"
            : staple.matchesCertificate ? " (matches the certificate)" : " (does NOT match the certificate)"
        page.field("for serial", (staple.serialNumber ?? "?") + match)
        page.field("produced", Self.mandatoryTime(staple.producedAt))
        page.field("this update", Self.mandatoryTime(staple.thisUpdate))
        page.field("next update", Self.optionalTime(staple.nextUpdate, unreadable: staple.unreadableTimes.contains("nextUpdate")) {
            relative($0, from: checkedAt)
        })
        page.field("window", staple.timeValid ? "valid now" : "NOT valid now")
        if staple.notChecked.contains(.signature) {
            page.field("signature", "not checked (signer unknown: give --issuer)")
        } else {
            page.field("signer", staple.signer.rawValue + (staple.signerSubject.map { " (\(Self.escape($0)))" } ?? ""))
            page.field("signature", staple.signatureValid ? "valid" : "NOT valid" + (staple.verifyError.map { ": " + Self.escape($0) } ?? ""))
        }
        if let responder = staple.responderID { page.field("responder", Self.escape(responder)) }
    }

    /// "bytes: truncated at offset 394 (BasicOCSPResponse.certs[0]): Truncated: …".
    func parseErrorField(_ error: ParseError, into page: inout Page) {
        page.field("bytes", Self.parseErrorText(error))
    }

    static func parseErrorText(_ error: ParseError) -> String {
        var head = error.kind.rawValue
        if let offset = error.offset { head += " at offset \(offset)" }
        if let path = error.path { head += " (\(escape(path)))" }
        return head + ": " + escape(error.message)
    }

    func liveSection(_ live: LiveInfo, checkedAt: Date, into page: inout Page) {
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
            // Shown unless the error already says it.
            if let parseError = attempt.parseError, !(attempt.error ?? "").contains(String(parseError.message.dropLast())) {
                page.field("", "bytes: " + Self.parseErrorText(parseError), indent: "      ")
            }
        }
        if let error = live.error { page.field("note", Self.escape(error)) }
    }

    func crlSection(_ crl: CRLInfo, into page: inout Page) {
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

    func findingsSection(_ findings: [Finding], into page: inout Page) {
        guard !findings.isEmpty else { return }
        page.line(paint("Findings", .bold))
        for finding in findings {
            let label: String
            switch finding.severity {
            case .critical: label = paint("CRITICAL", .red)
            case .warning: label = paint("WARNING ", .yellow)
            case .info: label = paint("INFO    ", .dim)
            }
            let place = [finding.address.map(Self.escape), finding.keyType?.rawValue, finding.tlsVersion.map { Self.escape($0.rawValue) }].compactMap { $0 }
            let at = place.isEmpty ? "" : " (" + place.joined(separator: " ") + ")"
            page.line("  \(label) \(finding.code.rawValue)\(at): \(Self.escape(finding.message))")
            if let fix = finding.fix { page.line("           fix: " + Self.escape(fix)) }
            if let cause = finding.likelyCause {
                page.line("           likely cause: " + Self.escape(cause.cause) + " " + Self.escape(cause.fix))
            }
        }
    }

    func verdictText(_ verdict: Verdict, staple: StapleInfo?, checkedAt: Date, error: CheckError?) -> String {
        switch verdict {
        case .ok:
            let summary: String
            if let staple, staple.certStatus == .good, let next = staple.nextUpdate {
                let signer = staple.notChecked.contains(.signature) ? "signature not checked"
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
}
