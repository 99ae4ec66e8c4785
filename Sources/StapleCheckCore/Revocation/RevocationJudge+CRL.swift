#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// MARK: - CRL

extension RevocationJudge {
    static func crlFindings(_ crl: CRLInfo, now: Date) -> [Finding] {
        switch crl.result {
        case .ok:
            var findings: [Finding] = []
            if crl.certStatus == .revoked { findings.append(.crlRevoked(at: crl.revocationTime, reason: crl.revocationReason)) }
            if let next = crl.nextUpdate, next < now.addingTimeInterval(-clockSkewLeeway) { findings.append(.crlStale(crl.url, expired: next)) }
            return findings
        case .malformed, .invalid:
            return [.crlInvalid(crl.url, error: crl.error)]
        default:
            return [.crlUnreachable(crl.url, error: crl.error ?? crl.result.rawValue)]
        }
    }
}

extension Finding {
    fileprivate static func crlRevoked(at time: Date?, reason: RevocationReason?) -> Finding {
        Finding(.crlRevoked, message: "The CA's CRL lists the certificate as revoked\(revocationDetail(time, reason)).", fix: Fix.replaceCertificate)
    }

    fileprivate static func crlStale(_ url: String, expired next: Date) -> Finding {
        Finding(.crlStale,
                message: "The CRL at \(url) expired at \(ISO8601.string(next)) (nextUpdate) and has not been replaced: clients cannot trust it.",
                fix: "Raise it with the CA; a cache or CDN in front of the CRL may be serving an old copy.")
    }

    fileprivate static func crlInvalid(_ url: String, error: String?) -> Finding {
        Finding(.crlInvalid, message: "The CRL at \(url) cannot be used: \(error ?? "it does not verify").",
                fix: "Raise it with the CA; check that the certificate's CRL distribution point is the issuing CA's.")
    }

    fileprivate static func crlUnreachable(_ url: String, error: String) -> Finding {
        Finding(.crlUnreachable,
                message: "The certificate's CRL at \(url) could not be fetched (\(error)), so its revocation status is unknown to clients that rely on it.",
                fix: "Check that this machine can reach \(url); if the CA's distribution point is down, raise it with the CA.")
    }
}
