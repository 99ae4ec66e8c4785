#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CertificateInfo {
    init(_ certificate: X509Certificate) {
        let features = certificate.tlsFeatures ?? []
        let ocsp = certificate.ocspURLs
        self.init(
            subject: certificate.subject,
            issuer: certificate.issuerName,
            serialNumber: certificate.serialHex,
            notBefore: certificate.notBefore,
            notAfter: certificate.notAfter,
            subjectAltNames: certificate.subjectAltNames,
            ocspURLs: ocsp.valid,
            crlURLs: certificate.crlURLs,
            mustStaple: features.contains(TLSFeature.statusRequest),
            tlsFeatures: features.map(TLSFeature.name),
            keyType: certificate.keyDescription,
            signatureAlgorithm: certificate.signatureAlgorithm,
            sha256Fingerprint: certificate.sha256Fingerprint,
            invalidOCSPURLs: ocsp.invalid)
        if let start = certificate.notBefore, let end = certificate.notAfter {
            lifetimeDays = end.timeIntervalSince(start) / 86400
            shortLived = end.timeIntervalSince(start) <= Inspector.shortLivedLimit
        }
    }
}
