#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The stapled OCSP response as analysed. Present in a report only when a staple was sent.
public struct StapleInfo: Sendable, Equatable {
    /// Bytes received.
    public var size: Int
    /// False when the bytes are not a DER OCSPResponse at all.
    public var parsed: Bool
    /// successful, malformedRequest, internalError, tryLater, sigRequired, unauthorized.
    public var responseStatus: OCSPResponseStatus?
    /// id-pkix-ocsp-basic, or another type clients cannot read (JSON: "basic", its OID, or
    /// "unsupported" when even that cannot be read).
    public var responseType: OCSPResponseType?
    public var producedAt: Date?
    /// "byName: CN=…" or "byKey: <sha1 hex>".
    public var responderID: String?
    public var certStatus: CertStatus?
    public var revocationTime: Date?
    public var revocationReason: String?
    public var thisUpdate: Date?
    public var nextUpdate: Date?
    /// The serial the matching (or first) SingleResponse is about, upper-case hex.
    public var serialNumber: String?
    /// Hash algorithm of that SingleResponse's CertID ("sha1", "sha256").
    public var certIDHashAlgorithm: String?
    public var singleResponseCount: Int
    /// The signature verifies AND the signer is authorised (issuer or delegated responder)
    /// AND chains to the trust store: OpenSSL's OCSP_basic_verify passed.
    public var signatureValid: Bool
    public var signer: SignerKind
    public var signerSubject: String?
    public var signatureAlgorithm: String?
    /// Certificates embedded in the response.
    public var embeddedCertificateCount: Int
    /// Why verification failed, in OpenSSL's words.
    public var verifyError: String?
    /// A SingleResponse's CertID matches the leaf on hash algorithm, issuer name hash,
    /// issuer key hash and serial.
    public var matchesCertificate: Bool
    /// thisUpdate ≤ now ≤ nextUpdate, within the clock-skew leeway.
    public var timeValid: Bool
    /// What could not be checked for want of input (`inspect` without --cert or --issuer):
    /// the certificate match, the signature. Empty in a server check.
    public var notChecked: [NotChecked] = []
    /// The signer certificate's notAfter, and whether it carries id-kp-OCSPSigning and
    /// id-pkix-ocsp-nocheck; nil when no signer was found.
    public var signerNotAfter: Date? = nil
    public var signerOCSPSigning: Bool? = nil
    public var signerOCSPNoCheck: Bool? = nil
    /// When the signature does not verify with the declared algorithm but does with another
    /// digest: that digest ("sha1"). A responder quirk seen in the wild.
    public var actualSignatureDigest: String? = nil
}

extension StapleInfo {
    /// Nothing verified yet: what an analysis starts from.
    init(size: Int, parsed: Bool) {
        self.init(size: size, parsed: parsed, singleResponseCount: 0, signatureValid: false, signer: .untrusted,
                  embeddedCertificateCount: 0, matchesCertificate: false, timeValid: false)
    }
}

extension StapleInfo: Codable {
    enum CodingKeys: String, CodingKey {
        case size, parsed, responseStatus, responseType, producedAt, responderID, certStatus, revocationTime,
             revocationReason, thisUpdate, nextUpdate, serialNumber, certIDHashAlgorithm, singleResponseCount,
             signatureValid, signer, signerSubject, signatureAlgorithm, embeddedCertificateCount, verifyError,
             matchesCertificate, timeValid, notChecked, signerNotAfter, signerOCSPSigning, signerOCSPNoCheck,
             actualSignatureDigest
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(size, forKey: .size)
        try c.encode(parsed, forKey: .parsed)
        try c.encode(responseStatus, forKey: .responseStatus)
        try c.encode(responseType, forKey: .responseType)
        try c.encode(producedAt, forKey: .producedAt)
        try c.encode(responderID, forKey: .responderID)
        try c.encode(certStatus, forKey: .certStatus)
        try c.encode(revocationTime, forKey: .revocationTime)
        try c.encode(revocationReason, forKey: .revocationReason)
        try c.encode(thisUpdate, forKey: .thisUpdate)
        try c.encode(nextUpdate, forKey: .nextUpdate)
        try c.encode(serialNumber, forKey: .serialNumber)
        try c.encode(certIDHashAlgorithm, forKey: .certIDHashAlgorithm)
        try c.encode(singleResponseCount, forKey: .singleResponseCount)
        try c.encode(signatureValid, forKey: .signatureValid)
        try c.encode(signer, forKey: .signer)
        try c.encode(signerSubject, forKey: .signerSubject)
        try c.encode(signatureAlgorithm, forKey: .signatureAlgorithm)
        try c.encode(embeddedCertificateCount, forKey: .embeddedCertificateCount)
        try c.encode(verifyError, forKey: .verifyError)
        try c.encode(matchesCertificate, forKey: .matchesCertificate)
        try c.encode(timeValid, forKey: .timeValid)
        try c.encode(notChecked, forKey: .notChecked)
        try c.encode(signerNotAfter, forKey: .signerNotAfter)
        try c.encode(signerOCSPSigning, forKey: .signerOCSPSigning)
        try c.encode(signerOCSPNoCheck, forKey: .signerOCSPNoCheck)
        try c.encode(actualSignatureDigest, forKey: .actualSignatureDigest)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        size = try c.decode(Int.self, forKey: .size)
        parsed = try c.decode(Bool.self, forKey: .parsed)
        responseStatus = try c.decodeIfPresent(OCSPResponseStatus.self, forKey: .responseStatus)
        responseType = try c.decodeIfPresent(OCSPResponseType.self, forKey: .responseType)
        producedAt = try c.decodeIfPresent(Date.self, forKey: .producedAt)
        responderID = try c.decodeIfPresent(String.self, forKey: .responderID)
        certStatus = try c.decodeIfPresent(CertStatus.self, forKey: .certStatus)
        revocationTime = try c.decodeIfPresent(Date.self, forKey: .revocationTime)
        revocationReason = try c.decodeIfPresent(String.self, forKey: .revocationReason)
        thisUpdate = try c.decodeIfPresent(Date.self, forKey: .thisUpdate)
        nextUpdate = try c.decodeIfPresent(Date.self, forKey: .nextUpdate)
        serialNumber = try c.decodeIfPresent(String.self, forKey: .serialNumber)
        certIDHashAlgorithm = try c.decodeIfPresent(String.self, forKey: .certIDHashAlgorithm)
        singleResponseCount = try c.decode(Int.self, forKey: .singleResponseCount)
        signatureValid = try c.decode(Bool.self, forKey: .signatureValid)
        signer = try c.decode(SignerKind.self, forKey: .signer)
        signerSubject = try c.decodeIfPresent(String.self, forKey: .signerSubject)
        signatureAlgorithm = try c.decodeIfPresent(String.self, forKey: .signatureAlgorithm)
        embeddedCertificateCount = try c.decode(Int.self, forKey: .embeddedCertificateCount)
        verifyError = try c.decodeIfPresent(String.self, forKey: .verifyError)
        matchesCertificate = try c.decode(Bool.self, forKey: .matchesCertificate)
        timeValid = try c.decode(Bool.self, forKey: .timeValid)
        notChecked = try c.decodeIfPresent([NotChecked].self, forKey: .notChecked) ?? []
        signerNotAfter = try c.decodeIfPresent(Date.self, forKey: .signerNotAfter)
        signerOCSPSigning = try c.decodeIfPresent(Bool.self, forKey: .signerOCSPSigning)
        signerOCSPNoCheck = try c.decodeIfPresent(Bool.self, forKey: .signerOCSPNoCheck)
        actualSignatureDigest = try c.decodeIfPresent(String.self, forKey: .actualSignatureDigest)
    }
}
