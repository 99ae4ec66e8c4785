internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension OCSPResponseDetail {
    /// Decodes everything a successful or unsuccessful response holds.
    init(_ response: OCSPResponseHandle, der: [UInt8]) {
        self.init(responseStatus: response.status, responseType: nil, version: nil, responderID: nil, producedAt: nil,
                  responses: [], extensions: [], signatureAlgorithm: nil, certificates: [])
        guard response.status == .successful else { return }
        OpenSSLErrors.clear()
        guard let basic = response.basic() else {
            OpenSSLErrors.clear()
            responseType = OCSPResponseHandle.responseTypeOID(der).map { .unsupported(oid: $0) }
            return
        }
        responseType = .basic
        version = basic.version?.value
        var summary = StapleInfo(size: der.count, parsed: true)
        StapleAnalyzer.describeEnvelope(basic, into: &summary)
        responderID = summary.responderID
        producedAt = summary.producedAt
        signatureAlgorithm = summary.signatureAlgorithm
        extensions = basic.responseExtensions
        basic.withPointer { basicPointer in
            for i in 0..<OCSP_resp_count(basicPointer) {
                guard let single = OCSP_resp_get0(basicPointer, i), let certID = OCSP_SINGLERESP_get0_id(single) else { continue }
                var nameHash: UnsafeMutablePointer<ASN1_OCTET_STRING>?
                var hashObject: OpaquePointer?
                var keyHash: UnsafeMutablePointer<ASN1_OCTET_STRING>?
                var serial: UnsafeMutablePointer<ASN1_INTEGER>?
                _ = OCSP_id_get0_info(&nameHash, &hashObject, &keyHash, &serial, certID)
                let status = SingleStatus(single)
                responses.append(SingleResponseDetail(
                    hashAlgorithm: objectName(hashObject), issuerNameHash: hexBytes(asn1StringBytes(nameHash)),
                    issuerKeyHash: hexBytes(asn1StringBytes(keyHash)), serialNumber: hexString(serial),
                    certStatus: status.certStatus, revocationTime: status.revocationTime, revocationReason: status.revocationReason,
                    thisUpdate: status.thisUpdate, nextUpdate: status.nextUpdate,
                    extensions: extensionDetails(count: OCSP_SINGLERESP_get_ext_count(single)) { OCSP_SINGLERESP_get_ext(single, $0) },
                    unreadableTimes: status.unreadableTimes))
            }
            if let certs = OCSP_resp_get0_certs(basicPointer) {
                for i in 0..<sc_sk_X509_num(certs) {
                    guard let raw = sc_sk_X509_value(certs, i) else { continue }
                    let cert = X509Certificate(borrowing: raw)
                    certificates.append(EmbeddedCertificate(
                        subject: cert.subject, issuer: cert.issuerName, serialNumber: cert.serialHex, notBefore: cert.notBefore,
                        notAfter: cert.notAfter, ocspSigning: cert.hasOCSPSigningUsage, ocspNoCheck: cert.hasOCSPNoCheck))
                }
            }
        }
    }
}
