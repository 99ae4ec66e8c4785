#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// MARK: - No verified answer

extension RevocationJudge {
    /// What went wrong, once per kind of failure. `outage`: must-staple without a valid
    /// staple, where every failure keeps the site down; `note` is said after each message.
    static func failureFindings(_ live: LiveInfo, issuer: String, responder: String, outage: Bool, note: String) -> [Finding] {
        var findings: [Finding] = []
        var seen = Set<FindingCode>()
        for attempt in live.attempts {
            guard let finding = Finding.responderFailure(attempt, issuer: issuer, outage: outage, note: note),
                  seen.insert(finding.code).inserted else { continue }
            findings.append(finding)
        }
        if let response = live.response {
            if let actual = response.actualSignatureDigest {
                findings.append(.responderSignatureAlgorithmMismatch(declared: response.signatureAlgorithm, actual: actual, responder: responder))
            }
            if response.signerOCSPSigning == false, let subject = response.signerSubject, subject != issuer {
                findings.append(.responderSignerNoOCSPSigning(subject, responder: responder))
            }
            if response.parsed, response.responseStatus == .successful, let extra = extraCertificates(response, responder: responder) {
                findings.append(extra)
            }
        }
        return findings
    }
}

extension Finding {
    /// The finding for one failed request; nil for one that succeeded.
    fileprivate static func responderFailure(_ attempt: LiveAttempt, issuer: String, outage: Bool, note: String) -> Finding? {
        let target = "\(RevocationJudge.host(attempt.url)) (CA \(issuer))"
        let code: FindingCode
        let message: String
        let fix: String
        switch attempt.result {
        case .ok:
            return nil
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
        return Finding(code, escalated: outage, message: message + note, fix: fix)
    }

    fileprivate static func responderSignatureAlgorithmMismatch(declared: String?, actual: String, responder: String) -> Finding {
        Finding(.responderSignatureAlgorithmMismatch,
                message: "\(responder) declares its signature as \(declared ?? "?") but signs over \(actual.uppercased()); no client can verify its answers.",
                fix: "Raise it with the CA: the responder's signing configuration mislabels the algorithm.")
    }

    /// RFC 6960 §4.2.2.2: a delegated responder's certificate "MUST … include a value of
    /// id-kp-OCSPSigning in an extended key usage extension".
    fileprivate static func responderSignerNoOCSPSigning(_ subject: String, responder: String) -> Finding {
        Finding(.responderSignerNoOCSPSigning,
                message: "\(responder) signs with \(subject), which lacks the id-kp-OCSPSigning extended key usage, so no client accepts it as a delegated responder (RFC 6960 §4.2.2.2).",
                fix: "Raise it with the CA: a delegated responder certificate must carry extendedKeyUsage OCSPSigning.")
    }
}
