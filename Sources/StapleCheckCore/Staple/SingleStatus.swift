internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The status part of one SingleResponse.
struct SingleStatus {
    var certStatus: CertStatus
    var revocationTime: Date?
    var revocationReason: RevocationReason?
    var thisUpdate: Date?
    var nextUpdate: Date?
    /// Times that are present but cannot be decoded ("thisUpdate", "nextUpdate",
    /// "revocationTime"): nil above, but not absent.
    var unreadableTimes: [String] = []

    init(_ single: OpaquePointer) {
        var reason: Int32 = -1
        var revokedAt: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        var thisUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        var nextUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        let status = OCSP_single_get0_status(single, &reason, &revokedAt, &thisUpdate, &nextUpdate)
        self.thisUpdate = dateFromASN1Time(thisUpdate)
        self.nextUpdate = dateFromASN1Time(nextUpdate)
        // thisUpdate is mandatory: missing is as unreadable as undecodable.
        if self.thisUpdate == nil { unreadableTimes.append("thisUpdate") }
        if nextUpdate != nil, self.nextUpdate == nil { unreadableTimes.append("nextUpdate") }
        switch status {
        case V_OCSP_CERTSTATUS_GOOD:
            certStatus = .good
        case V_OCSP_CERTSTATUS_REVOKED:
            certStatus = .revoked
            revocationTime = dateFromASN1Time(revokedAt)
            if revocationTime == nil { unreadableTimes.append("revocationTime") }
            if reason >= 0 { revocationReason = RevocationReason(rawValue: Int(reason)) }
        default:
            certStatus = .unknown
        }
    }
}
