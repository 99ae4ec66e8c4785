#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// MARK: - A verified answer: what it says against the staple, and how the responder signs

extension RevocationJudge {
    static func answerFindings(_ live: LiveInfo, _ response: StapleInfo, _ input: Input, responder: String, outage: Bool) -> [Finding] {
        var findings: [Finding] = []
        let staple = input.staple
        let stapleMatched = staple?.matchesCertificate == true && staple?.parsed == true
        switch live.certStatus {
        case .revoked:
            if stapleMatched && staple?.certStatus == .good {
                findings.append(.stapleStaleGood(responder: responder, at: live.revocationTime, reason: live.revocationReason))
            } else if staple?.certStatus != .revoked {
                findings.append(.responderRevoked(responder: responder, at: live.revocationTime, reason: live.revocationReason))
            }
        case .unknown:
            findings.append(.responderUnknown(responder: responder))
        case .good, nil:
            break
        }
        if stapleMatched, let stapled = staple?.thisUpdate, let current = live.thisUpdate,
           current.timeIntervalSince(stapled) > input.options.staleAfter {
            findings.append(.stapleNotRefreshed(stapled: stapled, current: current))
        }

        if let this = response.thisUpdate, let next = response.nextUpdate {
            let window = next.timeIntervalSince(this)
            if window < shortValidity { findings.append(.responderShortValidity(window, responder: responder)) }
            let remaining = next.timeIntervalSince(input.now)
            if window > 0, remaining < window * minimumRemainingShare {
                findings.append(.responderNoOverlap(remaining: remaining, window: window))
            }
        }
        findings += responderCertificateFindings(response, now: input.now, responder: responder)
        if input.options.nonce, live.nonceEchoed == false { findings.append(.responderNonceIgnored(responder: responder)) }
        return findings
    }

    /// More embedded certificates than the signer needs (none when the issuer signs).
    static func extraCertificates(_ response: StapleInfo, responder: String) -> Finding? {
        let needed = response.signer == .issuer ? 0 : 1
        guard response.embeddedCertificateCount > needed else { return nil }
        return .responderExtraCertificates(response.embeddedCertificateCount, needed: needed, responder: responder)
    }

    /// Facts about how the response is signed, whoever fetched it.
    private static func responderCertificateFindings(_ response: StapleInfo, now: Date, responder: String) -> [Finding] {
        var findings = extraCertificates(response, responder: responder).map { [$0] } ?? []
        guard response.signer == .delegated, let subject = response.signerSubject else { return findings }
        if let end = response.signerNotAfter,
           end < now.addingTimeInterval(signerExpiryWarning) || (response.nextUpdate.map { end < $0 } ?? false) {
            findings.append(.responderSignerExpiring(subject, at: end, beforeNextUpdate: response.nextUpdate.map { $0 > end } ?? false))
        }
        return findings
    }
}

extension Finding {
    fileprivate static func stapleStaleGood(responder: String, at time: Date?, reason: RevocationReason?) -> Finding {
        Finding(.stapleStaleGood,
                message: "The server staples a \"good\" response, but \(responder) says the certificate was revoked\(revocationDetail(time, reason)): the server is serving an outdated all-clear.",
                fix: "Replace the revoked certificate now and reload the server (which also drops the cached staple); for file-based stapling refetch the file after installing the new certificate.")
    }

    fileprivate static func responderRevoked(responder: String, at time: Date?, reason: RevocationReason?) -> Finding {
        Finding(.responderRevoked,
                message: "\(responder) says the certificate was revoked\(revocationDetail(time, reason)); clients that ask the CA refuse it.",
                fix: Fix.replaceCertificate)
    }

    /// " on 2026-…Z (keyCompromise)", as far as known.
    static func revocationDetail(_ time: Date?, _ reason: RevocationReason?) -> String {
        (time.map { " on \(ISO8601.string($0))" } ?? "") + (reason.map { " (\($0))" } ?? "")
    }

    /// Critical whatever was stapled: Firefox asks the CA whenever it has no usable staple,
    /// gets "unknown" and refuses (SEC_ERROR_OCSP_UNKNOWN_CERT), as with a stapled unknown.
    fileprivate static func responderUnknown(responder: String) -> Finding {
        Finding(.responderUnknown,
                message: "\(responder) answers \"unknown\" for the certificate the server presents: it does not know it, so no valid staple can be obtained, and Firefox, which asks the CA whenever it has no valid staple, refuses the connection (SEC_ERROR_OCSP_UNKNOWN_CERT).",
                fix: "Check that the certificate's AIA OCSP URL belongs to its issuing CA; a certificate issued minutes ago may not have reached the responder yet — otherwise raise it with the CA.")
    }

    fileprivate static func stapleNotRefreshed(stapled: Date, current: Date) -> Finding {
        Finding(.stapleNotRefreshed,
                message: "The staple was issued at \(ISO8601.string(stapled)), \(DurationFormat.compact(current.timeIntervalSince(stapled))) before the responder's current answer (\(ISO8601.string(current))): the server is not refreshing its staple.",
                fix: "nginx and Apache refresh cached staples on their own once the responder is reachable from the server (check its resolver and outbound firewall); file-based stapling (nginx `ssl_stapling_file`, HAProxy `.ocsp`) needs a refresh job such as `staplecheck fetch` from cron, then a reload.")
    }

    fileprivate static func responderShortValidity(_ window: TimeInterval, responder: String) -> Finding {
        Finding(.responderShortValidity,
                message: "\(responder) issues responses valid for only \(DurationFormat.compact(window)) (thisUpdate to nextUpdate); a stapling server that refreshes hourly or slower will serve expired staples.",
                fix: "Raise it with the CA (responses are normally valid for days); meanwhile refresh staples more often than the window, e.g. `staplecheck fetch --min-validity` from a frequent timer.")
    }

    fileprivate static func responderNoOverlap(remaining: TimeInterval, window: TimeInterval) -> Finding {
        Finding(.responderNoOverlap,
                message: "The responder's current answer has only \(DurationFormat.compact(max(0, remaining))) of its \(DurationFormat.compact(window)) validity left: it is not refreshed before it expires, so there is almost no moment when a fresh staple can be fetched.",
                fix: "Raise it with the CA: responders should publish a new response by half of the validity period, so that successive responses overlap.")
    }

    fileprivate static func responderNonceIgnored(responder: String) -> Finding {
        Finding(.responderNonceIgnored,
                message: "\(responder) did not echo the request's nonce: its responses are pre-computed (RFC 5019), so freshness rests on the validity window alone.",
                fix: nil)
    }

    fileprivate static func responderExtraCertificates(_ count: Int, needed: Int, responder: String) -> Finding {
        Finding(.responderExtraCertificates,
                message: "\(responder)'s responses embed \(count) certificate\(count == 1 ? "" : "s") where \(needed) \(needed == 1 ? "is" : "are") needed; every stapled handshake carries the extra bytes.",
                fix: nil)
    }

    fileprivate static func responderSignerExpiring(_ subject: String, at end: Date, beforeNextUpdate: Bool) -> Finding {
        Finding(.responderSignerExpiring,
                message: "The delegated responder certificate \(subject) expires at \(ISO8601.string(end))\(beforeNextUpdate ? ", before the response's own nextUpdate" : ""); responses it signs stop verifying then.",
                fix: "Raise it with the CA: the responder certificate must be renewed ahead of time.")
    }
}
