import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Renders a report for people. Everything that came from a server or a certificate is
/// untrusted: `escape` runs over every dynamic string so that control characters cannot
/// move the cursor, recolour the terminal or hide text.
struct TextRenderer {
    var color: Bool

    private enum Style: String {
        case red = "31", yellow = "33", green = "32", bold = "1", dim = "2"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    func render(_ report: Report) -> String {
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }
        func field(_ name: String, _ value: String) {
            line("  " + name + String(repeating: " ", count: max(1, 13 - name.count)) + value)
        }

        let target = report.target
        var heading = "staplecheck " + Self.escape(target.host) + ":\(target.port)"
        var details: [String] = []
        if let address = target.address { details.append(Self.escape(address)) }
        details.append(target.serverName.map { "SNI " + Self.escape($0) } ?? "no SNI")
        if let tls = report.tls { details.append(Self.escape(tls.version) + " " + Self.escape(tls.cipher)) }
        heading += " (" + details.joined(separator: ", ") + ")"
        line(paint(heading, .bold))
        line()
        line("Verdict: " + verdictText(report))
        line()

        if let cert = report.certificate {
            line(paint("Certificate", .bold))
            field("subject", Self.escape(cert.subject))
            field("issuer", Self.escape(cert.issuer))
            field("serial", cert.serialNumber)
            field("valid", "\(Self.time(cert.notBefore)) to \(Self.time(cert.notAfter))")
            if !cert.subjectAltNames.isEmpty { field("names", cert.subjectAltNames.map(Self.escape).joined(separator: ", ")) }
            field("key", Self.escape(cert.keyType))
            field("OCSP", cert.ocspURLs.isEmpty ? "none (no OCSP responder named)" : cert.ocspURLs.map(Self.escape).joined(separator: ", "))
            field("CRL", cert.crlURLs.isEmpty ? "none" : cert.crlURLs.map(Self.escape).joined(separator: ", "))
            field("must-staple", cert.mustStaple ? "yes (TLS Feature: \(cert.tlsFeatures.joined(separator: ", ")))" : "no")
            if let chain = report.chain {
                let trust = chain.trusted ? "trusted" : "NOT trusted: " + Self.escape(chain.verifyError ?? "?")
                field("chain", "\(chain.servedCount) served, \(trust)")
            }
            line()
        }

        if let staple = report.staple {
            line(paint("Staple", .bold) + " (\(staple.size) bytes)")
            if !staple.parsed {
                field("content", "not an OCSP response")
            } else {
                field("response", staple.responseStatus.map(\.description) ?? "?")
                if staple.responseStatus == .successful {
                    field("cert status", staple.certStatus?.rawValue ?? "?")
                    if let revoked = staple.revocationTime {
                        field("revoked", Self.time(revoked) + (staple.revocationReason.map { " (\($0))" } ?? ""))
                    }
                    field("for serial", (staple.serialNumber ?? "?") + (staple.matchesCertificate ? " (matches the certificate)" : " (does NOT match the certificate)"))
                    field("produced", Self.time(staple.producedAt))
                    field("this update", Self.time(staple.thisUpdate))
                    field("next update", staple.nextUpdate.map { Self.time($0) + relative($0, from: report.checkedAt) } ?? "none")
                    field("window", staple.timeValid ? "valid now" : "NOT valid now")
                    let signer = staple.signerSubject.map { " (\(Self.escape($0)))" } ?? ""
                    field("signer", staple.signer.rawValue + signer)
                    field("signature", staple.signatureValid ? "valid" : "NOT valid" + (staple.verifyError.map { ": " + Self.escape($0) } ?? ""))
                    if let responder = staple.responderID { field("responder", Self.escape(responder)) }
                }
            }
            line()
        } else {
            line(paint("Staple", .bold))
            line("  none sent")
            line()
        }

        if !report.findings.isEmpty {
            line(paint("Findings", .bold))
            for finding in report.findings {
                let label: String
                switch finding.severity {
                case .critical: label = paint("CRITICAL", .red)
                case .warning: label = paint("WARNING ", .yellow)
                case .info: label = paint("INFO    ", .dim)
                }
                line("  \(label) \(finding.code.rawValue): \(Self.escape(finding.message))")
                if let fix = finding.fix { line("           fix: " + Self.escape(fix)) }
            }
        }
        return out
    }

    private func verdictText(_ report: Report) -> String {
        switch report.verdict {
        case .ok:
            let summary: String
            if let staple = report.staple, let next = staple.nextUpdate {
                summary = "valid staple (\(staple.certStatus?.rawValue ?? "?")), signed by the \(staple.signer == .issuer ? "issuer" : "delegated responder"), next update in \(Self.duration(next.timeIntervalSince(report.checkedAt)))"
            } else if report.staple != nil {
                summary = "valid staple"
            } else {
                summary = "no staple needed"
            }
            return paint("OK", .green) + " — " + summary
        case .warning: return paint("WARNING", .yellow)
        case .critical: return paint("CRITICAL", .red)
        case .error: return paint("ERROR", .red) + " — " + Self.escape(report.error?.message ?? "")
        }
    }

    private func relative(_ date: Date, from now: Date) -> String {
        let delta = date.timeIntervalSince(now)
        return delta >= 0 ? " (in \(Self.duration(delta)))" : " (\(Self.duration(-delta)) ago)"
    }

    static func time(_ date: Date?) -> String {
        guard let date else { return "?" }
        return ISO8601.string(date)
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s >= 86400 { return "\(s / 86400)d \(s % 86400 / 3600)h" }
        if s >= 3600 { return "\(s / 3600)h \(s % 3600 / 60)m" }
        if s >= 60 { return "\(s / 60)m" }
        return "\(s)s"
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
