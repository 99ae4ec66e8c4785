#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// MARK: - Status and validity window
//
// RFC 6960 §3.2: clients SHALL confirm that "the time at which the status being indicated
// is known to be correct (thisUpdate) is sufficiently recent" and that "when available, the
// time at or before which newer information will be available about the status of the
// certificate (nextUpdate) is greater than the current time".

extension StapleAnalyzer {
    func judgeStatusAndTime(_ status: SingleStatus, matched: Bool, info: inout StapleInfo) -> [Finding] {
        var findings: [Finding] = []
        info.thisUpdate = status.thisUpdate
        info.nextUpdate = status.nextUpdate
        info.certStatus = status.certStatus
        info.revocationTime = status.revocationTime
        info.revocationReason = status.revocationReason

        if matched {
            switch status.certStatus {
            case .revoked: findings.append(.stapleRevoked(at: status.revocationTime, reason: status.revocationReason))
            case .unknown: findings.append(.stapleUnknown)
            case .good: break
            }
        }

        // A time that is there but cannot be read is a malformed response, never a window
        // that merely lacks an end.
        var timeValid = status.unreadableTimes.isEmpty
        info.unreadableTimes += status.unreadableTimes
        findings += status.unreadableTimes.map(Finding.stapleTimeUnreadable)
        if let start = status.thisUpdate, start > now.addingTimeInterval(clockSkewLeeway) {
            timeValid = false
            findings.append(.stapleNotYetValid(start))
        }
        if let end = status.nextUpdate {
            if end < now.addingTimeInterval(-clockSkewLeeway) {
                timeValid = false
                findings.append(.stapleExpired(end))
            } else if timeValid && end.timeIntervalSince(now) < warnWithin {
                findings.append(.stapleExpiringSoon(end, now: now))
            }
        } else if !status.unreadableTimes.contains("nextUpdate") {
            findings.append(.stapleNoNextUpdate)
        }
        info.timeValid = timeValid
        return findings
    }
}

extension Finding {
    static func stapleRevoked(at time: Date?, reason: RevocationReason?) -> Finding {
        let when = time.map { " on \(ISO8601.string($0))" } ?? ""
        let why = reason.map { " (\($0))" } ?? ""
        return Finding(.stapleRevoked,
                       message: "The CA revoked this certificate\(when)\(why); clients that check the staple refuse the connection.",
                       fix: Fix.replaceCertificate)
    }

    static let stapleUnknown = Finding(
        .stapleUnknown,
        message: "The responder answered \"unknown\": it does not know this certificate, so the staple vouches for nothing.",
        fix: "Make sure the staple comes from the issuing CA's own responder (the certificate's AIA OCSP URL, not an `ssl_stapling_responder` override); a just-issued certificate can take minutes to reach the CA's responder.")

    fileprivate static func stapleNotYetValid(_ start: Date) -> Finding {
        Finding(.stapleNotYetValid,
                message: "The staple's thisUpdate (\(ISO8601.string(start))) is in the future, beyond the \(Int(clockSkewLeeway / 60))-minute clock-skew leeway; clients reject it.",
                fix: "Check the clocks of the server, the responder and this machine (NTP); refetch the response once they agree.")
    }

    fileprivate static func stapleExpired(_ end: Date) -> Finding {
        Finding(.stapleExpired,
                message: "The staple expired at \(ISO8601.string(end)) (nextUpdate); clients reject it, and must-staple clients refuse the connection.",
                fix: "The server is not refreshing its staple: nginx `ssl_stapling_file` and HAProxy `.ocsp` files need a refresh job (e.g. `staplecheck fetch` from cron) and a reload; with live stapling (nginx `ssl_stapling on`, Apache `SSLUseStapling on`) check that the server can reach the CA's responder.")
    }

    fileprivate static func stapleExpiringSoon(_ end: Date, now: Date) -> Finding {
        Finding(.stapleExpiringSoon,
                message: "The staple expires at \(ISO8601.string(end)), in \(DurationFormat.compact(end.timeIntervalSince(now))); the server should have refreshed it by now.",
                fix: "Refresh staples well before nextUpdate: run the refresh job for `ssl_stapling_file` / HAProxy `.ocsp` more often than the CA's update interval, or use live stapling.")
    }

    /// A time of the response (`field`: thisUpdate, nextUpdate, revocationTime, producedAt)
    /// is present but cannot be decoded.
    static func stapleTimeUnreadable(_ field: String) -> Finding {
        Finding(.stapleMalformed,
                message: "The staple's \(field) cannot be decoded (not a valid GeneralizedTime)"
                    + (field == "thisUpdate" || field == "nextUpdate" ? ", so its validity window cannot be judged" : "")
                    + "; clients reject the response as malformed, and must-staple clients refuse the connection.",
                fix: "The responder produced a malformed response: " + Fix.refetchStaple)
    }

    fileprivate static let stapleNoNextUpdate = Finding(
        .stapleNoNextUpdate,
        message: "The staple has no nextUpdate, so neither clients nor the server can tell when it goes stale (RFC 5019 requires one).",
        fix: "Nothing to change on the server; the CA's responder should set nextUpdate — raise it with the CA.")
}
