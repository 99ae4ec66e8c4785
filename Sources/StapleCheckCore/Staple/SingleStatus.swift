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

    init(_ single: OpaquePointer) {
        var reason: Int32 = -1
        var revokedAt: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        var thisUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        var nextUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        let status = OCSP_single_get0_status(single, &reason, &revokedAt, &thisUpdate, &nextUpdate)
        self.thisUpdate = dateFromASN1Time(thisUpdate)
        self.nextUpdate = dateFromASN1Time(nextUpdate)
        switch status {
        case V_OCSP_CERTSTATUS_GOOD:
            certStatus = .good
        case V_OCSP_CERTSTATUS_REVOKED:
            certStatus = .revoked
            revocationTime = dateFromASN1Time(revokedAt)
            if reason >= 0 { revocationReason = RevocationReason(rawValue: Int(reason)) }
        default:
            certStatus = .unknown
        }
    }
}
