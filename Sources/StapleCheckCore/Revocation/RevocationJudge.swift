#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Judges what the CA said against what the server stapled, and the responder itself the
/// way a stapling service has to (seed 004's six CA failures). Pure over its inputs.
enum RevocationJudge {
    /// A response window shorter than this leaves a server no room to refresh its staple.
    static let shortValidity: TimeInterval = 4 * 3600
    /// A fresh answer with less than this share of its window left was not refreshed at
    /// half-life (CA/Browser Forum practice), so caches go stale between fetches.
    static let minimumRemainingShare = 0.25
    /// Stapling servers fetch in the background, but a slow responder delays first
    /// handshakes (Apache fetches inside the handshake) and times out fetchers.
    static let slowLatencyMs = 2000
    /// A delegated responder certificate this close to expiry needs replacing now.
    static let signerExpiryWarning: TimeInterval = 7 * 86400

    struct Input {
        var certificate: CertificateInfo
        var staple: StapleInfo?
        var live: LiveInfo?
        var crl: CRLInfo?
        var now: Date
        var options: RevocationOptions
    }

    static func findings(_ input: Input) -> [Finding] {
        var findings: [Finding] = []
        if let live = input.live { findings += liveFindings(live, input) }
        if let crl = input.crl { findings += crlFindings(crl, now: input.now) }
        return findings
    }

    /// The staple is one a client accepts and it says good.
    static func stapleValid(_ staple: StapleInfo?) -> Bool {
        guard let staple else { return false }
        return staple.parsed && staple.responseStatus == .successful && staple.matchesCertificate && staple.signatureValid
            && staple.timeValid && staple.certStatus == .good
    }

    private static func host(_ url: String?) -> String {
        guard let url else { return "the CA's responder" }
        let rest = url.split(separator: "/", omittingEmptySubsequences: true)
        return rest.count >= 2 ? String(rest[1]) : url
    }

    // MARK: - OCSP

    private static func liveFindings(_ live: LiveInfo, _ input: Input) -> [Finding] {
        guard !live.attempts.isEmpty else { return [] }
        var findings: [Finding] = []
        // Named with its CA, so that the operator knows whom to raise it with.
        let responder = "\(host(live.url)) (CA \(input.certificate.issuer))"
        // Must-staple with no usable staple: every responder failure is part of an outage.
        let outage = input.certificate.mustStaple && !stapleValid(input.staple)
        let failureSeverity: Severity = outage ? .critical : .warning
        let outageNote = outage ? " With must-staple and no valid staple, Firefox users cannot reach the site until this is fixed." : ""

        if live.result == .ok, let response = live.response {
            findings += answerFindings(live, response, input, responder: responder, severity: failureSeverity, note: outageNote)
            // A method that always fails while the other works is a broken feature, not flakiness.
            let byMethod = Dictionary(grouping: live.attempts, by: \.method)
            // One failed sample is only "broken" when it is a client error (4xx): the answer a
            // responder gives a method it does not implement; tryLater or a timeout is chance.
            let broken = Set(byMethod.filter { _, attempts in
                attempts.allSatisfy { $0.result != .ok }
                    && (attempts.count >= 2 || attempts.allSatisfy { (400..<500).contains($0.httpStatus ?? 0) })
            }.keys)
            for method in broken.sorted(by: { $0.rawValue < $1.rawValue }) {
                var subset = live
                subset.attempts = byMethod[method] ?? []
                subset.response = nil
                let other = method == .get ? "POST" : "GET"
                findings += failureFindings(subset, issuer: input.certificate.issuer, responder: responder, severity: .warning,
                                            note: " Every \(method.rawValue) request failed while \(other) works\(method == .get ? "; RFC 5019 clients and CDN caches use GET" : "").")
            }
            let failed = live.attempts.filter { $0.result != .ok && !broken.contains($0.method) }
            if !failed.isEmpty {
                let kinds = Dictionary(grouping: failed, by: { $0.error ?? $0.result.rawValue }).map { "\($0.value.count)× \($0.key)" }.sorted()
                findings.append(Finding(
                    code: .responderFlaky, severity: .warning,
                    message: "\(failed.count) of \(live.attempts.count) requests to \(responder) failed (\(kinds.joined(separator: ", "))) while the others succeeded: typically one bad node behind the CA's load balancer, so servers fail to refresh their staple at random.",
                    fix: "Report the failure rate to the CA with these URLs and times; meanwhile make sure the server keeps its last good staple until a refresh succeeds (nginx and Apache do; a cron job should use `staplecheck fetch`, which never replaces a good file with a failure)."))
            }
        } else {
            findings += failureFindings(live, issuer: input.certificate.issuer, responder: responder, severity: failureSeverity, note: outageNote)
        }

        let wrongType = live.attempts.filter { $0.httpStatus == 200 && $0.contentType?.lowercased().hasPrefix("application/ocsp-response") != true }
        if let first = wrongType.first {
            findings.append(Finding(
                code: .responderContentType, severity: .warning,
                message: "\(responder) answers with Content-Type \(first.contentType.map { "\"\($0)\"" } ?? "missing") instead of application/ocsp-response (\(wrongType.count) of \(live.attempts.count) answers); strict clients and stapling servers may discard the answer.",
                fix: "Raise it with the CA: RFC 6960 Appendix A.2 requires application/ocsp-response."))
        }
        if live.result == .ok, let latency = live.latencyMs, latency > slowLatencyMs {
            findings.append(Finding(
                code: .responderSlow, severity: .warning,
                message: "\(responder) took \(latency) ms to answer; Apache fetches inside the first handshake and other fetchers time out, so slow answers become missing staples.",
                fix: "Raise the responder's latency with the CA; prefer servers that fetch in the background (nginx) or a cron job with `staplecheck fetch` and file-based stapling."))
        }
        return findings
    }

    /// What a verified answer says, compared with the staple, and the responder's quirks.
    private static func answerFindings(_ live: LiveInfo, _ response: StapleInfo, _ input: Input, responder: String,
                                       severity: Severity, note: String) -> [Finding] {
        var findings: [Finding] = []
        let staple = input.staple
        let stapleMatched = staple?.matchesCertificate == true && staple?.parsed == true
        switch live.certStatus {
        case .revoked:
            let when = live.revocationTime.map { " on \(ISO8601.string($0))" } ?? ""
            let why = live.revocationReason.map { " (\($0))" } ?? ""
            if stapleMatched && staple?.certStatus == .good {
                findings.append(Finding(
                    code: .stapleStaleGood, severity: .critical,
                    message: "The server staples a \"good\" response, but \(responder) says the certificate was revoked\(when)\(why): the server is serving an outdated all-clear.",
                    fix: "Replace the revoked certificate now and reload the server (which also drops the cached staple); for file-based stapling refetch the file after installing the new certificate."))
            } else if staple?.certStatus != .revoked {
                findings.append(Finding(
                    code: .responderRevoked, severity: .critical,
                    message: "\(responder) says the certificate was revoked\(when)\(why); clients that ask the CA refuse it.",
                    fix: "Replace the certificate with a newly issued one (a new key if the reason is keyCompromise) and reload the server."))
            }
        case .unknown:
            findings.append(Finding(
                code: .responderUnknown, severity: severity,
                message: "\(responder) answers \"unknown\" for the certificate the server presents: it does not know it, so no valid staple can be obtained.\(note)",
                fix: "Check that the certificate's AIA OCSP URL belongs to its issuing CA; a certificate issued minutes ago may not have reached the responder yet — otherwise raise it with the CA."))
        case .good, nil:
            break
        }
        if stapleMatched, let stapled = staple?.thisUpdate, let current = live.thisUpdate,
           current.timeIntervalSince(stapled) > input.options.staleAfter {
            findings.append(Finding(
                code: .stapleNotRefreshed, severity: .warning,
                message: "The staple was issued at \(ISO8601.string(stapled)), \(DurationFormat.compact(current.timeIntervalSince(stapled))) before the responder's current answer (\(ISO8601.string(current))): the server is not refreshing its staple.",
                fix: "nginx and Apache refresh cached staples on their own once the responder is reachable from the server (check its resolver and outbound firewall); file-based stapling (nginx `ssl_stapling_file`, HAProxy `.ocsp`) needs a refresh job such as `staplecheck fetch` from cron, then a reload."))
        }

        if let this = response.thisUpdate, let next = response.nextUpdate {
            let window = next.timeIntervalSince(this)
            if window < shortValidity {
                findings.append(Finding(
                    code: .responderShortValidity, severity: .warning,
                    message: "\(responder) issues responses valid for only \(DurationFormat.compact(window)) (thisUpdate to nextUpdate); a stapling server that refreshes hourly or slower will serve expired staples.",
                    fix: "Raise it with the CA (responses are normally valid for days); meanwhile refresh staples more often than the window, e.g. `staplecheck fetch --min-validity` from a frequent timer."))
            }
            let remaining = next.timeIntervalSince(input.now)
            if window > 0, remaining < window * minimumRemainingShare {
                findings.append(Finding(
                    code: .responderNoOverlap, severity: .warning,
                    message: "The responder's current answer has only \(DurationFormat.compact(max(0, remaining))) of its \(DurationFormat.compact(window)) validity left: it is not refreshed before it expires, so there is almost no moment when a fresh staple can be fetched.",
                    fix: "Raise it with the CA: responders should publish a new response by half of the validity period, so that successive responses overlap."))
            }
        }
        findings += responderCertificateFindings(response, now: input.now, responder: responder)
        if input.options.nonce, live.nonceEchoed == false {
            findings.append(Finding(
                code: .responderNonceIgnored, severity: .info,
                message: "\(responder) did not echo the request's nonce: its responses are pre-computed (RFC 5019), so freshness rests on the validity window alone.",
                fix: nil))
        }
        return findings
    }

    /// More embedded certificates than the signer needs (none when the issuer signs).
    private static func extraCertificates(_ response: StapleInfo, responder: String) -> Finding? {
        let needed = response.signer == .issuer ? 0 : 1
        guard response.embeddedCertificateCount > needed else { return nil }
        return Finding(
            code: .responderExtraCertificates, severity: .info,
            message: "\(responder)'s responses embed \(response.embeddedCertificateCount) certificate\(response.embeddedCertificateCount == 1 ? "" : "s") where \(needed) \(needed == 1 ? "is" : "are") needed; every stapled handshake carries the extra bytes.",
            fix: nil)
    }

    /// Facts about how the response is signed, whoever fetched it.
    private static func responderCertificateFindings(_ response: StapleInfo, now: Date, responder: String) -> [Finding] {
        var findings = extraCertificates(response, responder: responder).map { [$0] } ?? []
        guard response.signer == .delegated, let subject = response.signerSubject else { return findings }
        if let end = response.signerNotAfter,
           end < now.addingTimeInterval(signerExpiryWarning) || (response.nextUpdate.map { end < $0 } ?? false) {
            findings.append(Finding(
                code: .responderSignerExpiring, severity: .warning,
                message: "The delegated responder certificate \(subject) expires at \(ISO8601.string(end))\(response.nextUpdate.map { $0 > end ? ", before the response's own nextUpdate" : "" } ?? ""); responses it signs stop verifying then.",
                fix: "Raise it with the CA: the responder certificate must be renewed ahead of time."))
        }
        if response.signerOCSPNoCheck == false {
            findings.append(Finding(
                code: .responderSignerNoNoCheck, severity: .warning,
                message: "The delegated responder certificate \(subject) lacks id-pkix-ocsp-nocheck, so strict clients try to check the responder's own revocation status, which has no answer (RFC 6960 §4.2.2.2.1).",
                fix: "Raise it with the CA: delegated responder certificates should carry ocsp-nocheck."))
        }
        return findings
    }

    /// No verified answer: say what went wrong, once per kind of failure.
    private static func failureFindings(_ live: LiveInfo, issuer: String, responder: String, severity: Severity, note: String) -> [Finding] {
        var findings: [Finding] = []
        var seen = Set<FindingCode>()
        for attempt in live.attempts {
            let code: FindingCode
            let message: String
            let fix: String
            let target = "\(host(attempt.url)) (CA \(issuer))"
            switch attempt.result {
            case .ok:
                continue
            case .unreachable, .timeout:
                code = .responderUnreachable
                message = "The certificate's OCSP responder \(target) could not be asked (\(attempt.result.rawValue): \(attempt.error ?? "no answer")), so servers cannot fetch a staple from it either."
                fix = "Check that this machine (and the web server) can reach \(attempt.url); if the CA's responder is down, raise it with the CA — servers keep serving their cached staple until it expires."
            case .tooLarge, .redirects, .refusedScheme:
                code = .responderHTTPError
                message = "The OCSP responder \(target) answered a \(attempt.method.rawValue) request with no usable HTTP response (\(attempt.result.rawValue): \(attempt.error ?? "?"))."
                fix = "Raise it with the CA, quoting the URL and method: an OCSP responder answers directly (or after a few http(s) redirects) with a response of a few KiB."
            case .httpError:
                code = .responderHTTPError
                message = "The OCSP responder \(target) answered HTTP \(attempt.httpStatus.map(String.init) ?? "?") to a \(attempt.method.rawValue) request instead of an OCSP response."
                fix = "Raise it with the CA, quoting the URL and method; a server that cannot refresh keeps its last staple only until it expires."
            case .malformed:
                code = .responderMalformed
                message = "The OCSP responder \(target) answered with something that is not an OCSP response (\(attempt.bytes) bytes\(attempt.error.map { ": \($0)" } ?? ""))."
                fix = "Raise it with the CA; check too that no proxy or captive portal between this machine and the responder rewrites the answer."
            case .unsuccessful:
                code = .responderUnsuccessful
                message = "The OCSP responder \(target) refused to answer (\(attempt.error ?? "unsuccessful response")); a stapling server gets no staple (Apache staples this error as it is)."
                fix = "tryLater usually means an outage at the CA: retry later and raise it if it persists; unauthorized means the responder does not serve this certificate's issuer — check the AIA URL."
            case .invalid:
                code = .responderInvalid
                message = "The OCSP responder \(target) answered with a response clients reject: \(attempt.error ?? "it does not verify")"
                fix = "Raise it with the CA, quoting the response (save it with `staplecheck fetch`, inspect it with `staplecheck inspect`)."
            }
            guard seen.insert(code).inserted else { continue }
            findings.append(Finding(code: code, severity: severity, message: message + note, fix: fix))
        }
        if let response = live.response {
            if let actual = response.actualSignatureDigest {
                findings.append(Finding(
                    code: .responderSignatureAlgorithmMismatch, severity: .warning,
                    message: "\(responder) declares its signature as \(response.signatureAlgorithm ?? "?") but signs over \(actual.uppercased()); no client can verify its answers.",
                    fix: "Raise it with the CA: the responder's signing configuration mislabels the algorithm."))
            }
            if response.signerOCSPSigning == false, let subject = response.signerSubject, subject != issuer {
                findings.append(Finding(
                    code: .responderSignerNoOCSPSigning, severity: .warning,
                    message: "\(responder) signs with \(subject), which lacks the id-kp-OCSPSigning extended key usage, so no client accepts it as a delegated responder (RFC 6960 §4.2.2.2).",
                    fix: "Raise it with the CA: a delegated responder certificate must carry extendedKeyUsage OCSPSigning."))
            }
            if response.parsed, response.responseStatus == .successful, let extra = extraCertificates(response, responder: responder) {
                findings.append(extra)
            }
        }
        return findings
    }

    // MARK: - CRL

    private static func crlFindings(_ crl: CRLInfo, now: Date) -> [Finding] {
        switch crl.result {
        case .ok:
            var findings: [Finding] = []
            if crl.certStatus == .revoked {
                let when = crl.revocationTime.map { " on \(ISO8601.string($0))" } ?? ""
                findings.append(Finding(
                    code: .crlRevoked, severity: .critical,
                    message: "The CA's CRL lists the certificate as revoked\(when)\(crl.revocationReason.map { " (\($0))" } ?? "").",
                    fix: "Replace the certificate with a newly issued one (a new key if the reason is keyCompromise) and reload the server."))
            }
            if let next = crl.nextUpdate, next < now.addingTimeInterval(-clockSkewLeeway) {
                findings.append(Finding(
                    code: .crlStale, severity: .warning,
                    message: "The CRL at \(crl.url) expired at \(ISO8601.string(next)) (nextUpdate) and has not been replaced: clients cannot trust it.",
                    fix: "Raise it with the CA; a cache or CDN in front of the CRL may be serving an old copy."))
            }
            return findings
        case .malformed, .invalid:
            return [Finding(
                code: .crlInvalid, severity: .warning,
                message: "The CRL at \(crl.url) cannot be used: \(crl.error ?? "it does not verify").",
                fix: "Raise it with the CA; check that the certificate's CRL distribution point is the issuing CA's.")]
        default:
            return [Finding(
                code: .crlUnreachable, severity: .warning,
                message: "The certificate's CRL at \(crl.url) could not be fetched (\(crl.error ?? crl.result.rawValue)), so its revocation status is unknown to clients that rely on it.",
                fix: "Check that this machine can reach \(crl.url); if the CA's distribution point is down, raise it with the CA.")]
        }
    }
}
