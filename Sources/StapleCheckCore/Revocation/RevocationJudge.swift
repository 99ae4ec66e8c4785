#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A responder slower than this (in milliseconds) is `responder-slow`; the monitoring
/// formats give it as their latency threshold.
public let responderSlowLatencyMs = 2000

/// Judges what the CA said against what the server stapled, and the responder itself the
/// way a stapling service has to: unreachable, slow, flaky, short-lived or overlapping
/// windows, mislabelled signatures, odd responder certificates. Pure over its inputs. The
/// verified answer, the failures and the CRL are judged in the files beside this one.
enum RevocationJudge {
    /// A response window shorter than this leaves a server no room to refresh its staple.
    static let shortValidity: TimeInterval = 4 * 3600
    /// A fresh answer with less than this share of its window left was not refreshed at
    /// half-life (CA/Browser Forum practice), so caches go stale between fetches.
    static let minimumRemainingShare = 0.25
    /// Stapling servers fetch in the background, but a slow responder delays first
    /// handshakes (Apache fetches inside the handshake) and times out fetchers.
    static let slowLatencyMs = responderSlowLatencyMs
    /// A delegated responder certificate this close to expiry needs replacing now.
    static let signerExpiryWarning: TimeInterval = 7 * 86400

    struct Input {
        var certificate: CertificateInfo
        var staple: StapleInfo?
        var live: LiveInfo?
        var crl: CRLInfo?
        var now: Date
        var options: RevocationOptions
        /// The live answer's responder-profile findings (`LiveCandidate.profileFindings`).
        var responderProfile: [Finding] = []
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

    /// The responder's host, to name it in findings ("ocsp.example.net").
    static func host(_ url: String?) -> String {
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

        findings += input.responderProfile
        if live.result == .ok, let response = live.response {
            findings += answerFindings(live, response, input, responder: responder, outage: outage)
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
                findings += failureFindings(subset, issuer: input.certificate.issuer, responder: responder, outage: false,
                                            note: Finding.brokenMethodNote(method))
            }
            let failed = live.attempts.filter { $0.result != .ok && !broken.contains($0.method) }
            if !failed.isEmpty { findings.append(.responderFlaky(failed, of: live.attempts.count, responder: responder)) }
        } else {
            findings += failureFindings(live, issuer: input.certificate.issuer, responder: responder, outage: outage,
                                        note: outage ? Finding.outageNote : "")
        }

        let wrongType = live.attempts.filter { $0.httpStatus == 200 && $0.contentType?.lowercased().hasPrefix("application/ocsp-response") != true }
        if let first = wrongType.first {
            findings.append(.responderContentType(first.contentType, count: wrongType.count, of: live.attempts.count, responder: responder))
        }
        if live.result == .ok, let latency = live.latencyMs, latency > slowLatencyMs {
            findings.append(.responderSlow(latency, responder: responder))
        }
        return findings
    }
}

extension Finding {
    /// Appended to responder failures during a must-staple outage.
    static let outageNote = " With must-staple and no valid staple, Firefox users cannot reach the site until this is fixed."

    static func brokenMethodNote(_ method: HTTPRequest.Method) -> String {
        let other = method == .get ? "POST" : "GET"
        return " Every \(method.rawValue) request failed while \(other) works\(method == .get ? "; RFC 5019 clients and CDN caches use GET" : "")."
    }

    fileprivate static func responderFlaky(_ failed: [LiveAttempt], of total: Int, responder: String) -> Finding {
        let kinds = Dictionary(grouping: failed, by: { $0.error ?? $0.result.rawValue }).map { "\($0.value.count)× \($0.key)" }.sorted()
        return Finding(.responderFlaky,
                       message: "\(failed.count) of \(total) requests to \(responder) failed (\(kinds.joined(separator: ", "))) while the others succeeded: typically one bad node behind the CA's load balancer, so servers fail to refresh their staple at random.",
                       fix: "Report the failure rate to the CA with these URLs and times; meanwhile make sure the server keeps its last good staple until a refresh succeeds (nginx and Apache do; a cron job should use `staplecheck fetch`, which never replaces a good file with a failure).")
    }

    fileprivate static func responderContentType(_ type: String?, count: Int, of total: Int, responder: String) -> Finding {
        Finding(.responderContentType,
                message: "\(responder) answers with Content-Type \(type.map { "\"\($0)\"" } ?? "missing") instead of application/ocsp-response (\(count) of \(total) answers); strict clients and stapling servers may discard the answer.",
                fix: "Raise it with the CA: RFC 6960 Appendix A.2 requires application/ocsp-response.")
    }

    fileprivate static func responderSlow(_ latency: Int, responder: String) -> Finding {
        Finding(.responderSlow,
                message: "\(responder) took \(latency) ms to answer; Apache fetches inside the first handshake and other fetchers time out, so slow answers become missing staples.",
                fix: "Raise the responder's latency with the CA; prefer servers that fetch in the background (nginx) or a cron job with `staplecheck fetch` and file-based stapling.")
    }
}
