#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The stapled OCSP response as analysed. Present in a report only when a staple was sent.
public struct StapleInfo: Codable, Sendable, Equatable {
    /// Bytes received.
    public var size: Int
    /// False when the bytes are not a DER OCSPResponse at all.
    public var parsed: Bool
    /// successful, malformedRequest, internalError, tryLater, sigRequired, unauthorized.
    @ExplicitNull public var responseStatus: OCSPResponseStatus? = nil
    /// id-pkix-ocsp-basic, or another type clients cannot read (JSON: "basic", its OID, or
    /// "unsupported" when even that cannot be read).
    @ExplicitNull public var responseType: OCSPResponseType? = nil
    @ExplicitNull public var producedAt: Date? = nil
    /// "byName: CN=…" or "byKey: <sha1 hex>".
    @ExplicitNull public var responderID: String? = nil
    @ExplicitNull public var certStatus: CertStatus? = nil
    @ExplicitNull public var revocationTime: Date? = nil
    @ExplicitNull public var revocationReason: RevocationReason? = nil
    @ExplicitNull public var thisUpdate: Date? = nil
    @ExplicitNull public var nextUpdate: Date? = nil
    /// The serial the matching (or first) SingleResponse is about, upper-case hex.
    @ExplicitNull public var serialNumber: String? = nil
    /// Hash algorithm of that SingleResponse's CertID ("sha1", "sha256").
    @ExplicitNull public var certIDHashAlgorithm: String? = nil
    public var singleResponseCount: Int
    /// The signature verifies AND the signer is authorised (issuer or delegated responder)
    /// AND chains to the trust store: OpenSSL's OCSP_basic_verify passed.
    public var signatureValid: Bool
    public var signer: SignerKind
    @ExplicitNull public var signerSubject: String? = nil
    @ExplicitNull public var signatureAlgorithm: String? = nil
    /// Certificates embedded in the response.
    public var embeddedCertificateCount: Int
    /// Why verification failed, in OpenSSL's words.
    @ExplicitNull public var verifyError: String? = nil
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
    @ExplicitNull public var signerNotAfter: Date? = nil
    @ExplicitNull public var signerOCSPSigning: Bool? = nil
    @ExplicitNull public var signerOCSPNoCheck: Bool? = nil
    /// When the signature does not verify with the declared algorithm but does with another
    /// digest: that digest ("sha1"). A responder quirk seen in the wild.
    @ExplicitNull public var actualSignatureDigest: String? = nil
    /// Times present in the response but impossible to decode ("producedAt", "thisUpdate",
    /// "nextUpdate", "revocationTime"): null above, yet not absent (staple-malformed).
    public var unreadableTimes: [String] = []
    /// Exactly why and where the bytes are broken, when OpenSSL cannot read them (or reads
    /// them although they are BER, not DER); null otherwise.
    @ExplicitNull public var parseError: ParseError? = nil
}

extension StapleInfo {
    /// Nothing verified yet: what an analysis starts from.
    init(size: Int, parsed: Bool) {
        self.init(size: size, parsed: parsed, singleResponseCount: 0, signatureValid: false, signer: .untrusted,
                  embeddedCertificateCount: 0, matchesCertificate: false, timeValid: false)
    }
}
