/// What each finding code means to users: its severity rule and the one-line title of the
/// README's findings table (`staplecheck explain` reads the same place).
///
/// Severity follows impact: a finding is critical when a mainstream client (the client
/// table, `ClientBehaviour.table`) refuses the connection because of it, now or as soon as
/// the CA's responder is unreachable, or when the certificate is revoked;
/// `SeverityTableTests` holds the catalogue to that rule.
extension FindingCode {
    /// The severity a finding of this kind has, and the one situation that changes it.
    public var severityRule: SeverityRule {
        switch self {
        case .stapleMissing: SeverityRule(.warning, escalation: .requireStaple)
        case .mustStapleMissing: SeverityRule(.critical)
        case .noOCSPURL: SeverityRule(.info)
        case .mustStapleNoOCSPURL: SeverityRule(.critical)
        case .ocspURLInvalid: SeverityRule(.warning)
        case .statusRequestRejected: SeverityRule(.critical)
        case .stapleTooLarge: SeverityRule(.critical)
        case .stapleMalformed: SeverityRule(.critical)
        case .stapleUnsuccessful: SeverityRule(.critical)
        case .stapleUnsupportedType: SeverityRule(.critical)
        case .stapleWrongCertificate: SeverityRule(.critical)
        case .stapleRevoked: SeverityRule(.critical)
        case .stapleUnknown: SeverityRule(.critical)
        case .stapleSignatureInvalid: SeverityRule(.critical)
        case .stapleSignerUnauthorized: SeverityRule(.critical, escalation: .chainUntrusted)
        case .stapleExpired: SeverityRule(.critical)
        case .stapleNotYetValid: SeverityRule(.critical)
        case .stapleExpiringSoon: SeverityRule(.warning)
        case .stapleNoNextUpdate: SeverityRule(.warning)
        case .stapleUnsupportedVersion: SeverityRule(.critical)
        case .stapleUnknownCriticalExtension: SeverityRule(.critical)
        case .stapleUnverified: SeverityRule(.info, escalation: .signerUnverifiable)
        case .certificateExpired: SeverityRule(.critical)
        case .certificateNotYetValid: SeverityRule(.critical)
        case .certificateShortLived: SeverityRule(.info)
        case .certificateMalformed: SeverityRule(.critical)
        case .stapleStaleGood: SeverityRule(.critical)
        case .stapleNotRefreshed: SeverityRule(.warning)
        case .responderRevoked: SeverityRule(.critical)
        case .responderUnknown: SeverityRule(.critical)
        case .responderUnreachable: SeverityRule(.warning, escalation: .mustStapleOutage)
        case .responderHTTPError: SeverityRule(.warning, escalation: .mustStapleOutage)
        case .responderMalformed: SeverityRule(.warning, escalation: .mustStapleOutage)
        case .responderUnsuccessful: SeverityRule(.warning, escalation: .mustStapleOutage)
        case .responderInvalid: SeverityRule(.warning, escalation: .mustStapleOutage)
        case .responderContentType: SeverityRule(.warning)
        case .responderFlaky: SeverityRule(.warning)
        case .responderSlow: SeverityRule(.warning)
        case .responderShortValidity: SeverityRule(.warning)
        case .responderNoOverlap: SeverityRule(.warning)
        case .responderSignatureAlgorithmMismatch: SeverityRule(.warning)
        case .responderExtraCertificates: SeverityRule(.info)
        case .responderSignerExpiring: SeverityRule(.warning)
        case .responderSignerNoNoCheck: SeverityRule(.warning)
        case .responderSignerNoOCSPSigning: SeverityRule(.warning)
        case .responderNonceIgnored: SeverityRule(.info)
        case .responderCertExtraEKU: SeverityRule(.warning)
        case .responderCertKeyUsage: SeverityRule(.warning)
        case .responderCertCA: SeverityRule(.warning)
        case .responderCertNoAKI: SeverityRule(.warning)
        case .responderCertForbiddenExtension: SeverityRule(.warning)
        case .responderIDNotSHA1: SeverityRule(.critical)
        case .ocspNextUpdateBeforeThisUpdate: SeverityRule(.critical)
        case .ocspThisUpdateAfterProducedAt: SeverityRule(.warning)
        case .ocspUnsuccessfulWithBody: SeverityRule(.warning)
        case .crlRevoked: SeverityRule(.critical)
        case .crlStale: SeverityRule(.warning)
        case .crlUnreachable: SeverityRule(.warning)
        case .crlInvalid: SeverityRule(.warning)
        case .issuerUnavailable: SeverityRule(.warning)
        case .chainUntrusted: SeverityRule(.warning)
        case .stapleColdCache: SeverityRule(.warning, escalation: .mustStapleOutage)
        case .stapleIntermittent: SeverityRule(.warning, escalation: .mustStapleOutage)
        case .stapleTLSVersionMismatch: SeverityRule(.warning, escalation: .mustStapleOutage)
        case .addressUnreachable: SeverityRule(.warning)
        case .addressesDiffer: SeverityRule(.warning)
        case .certificatesDiffer: SeverityRule(.warning)
        case .addressesCapped: SeverityRule(.info)
        case .chainTooLarge: SeverityRule(.critical)
        case .starttlsRefused: SeverityRule(.critical)
        }
    }

    /// One line: what the finding says.
    public var title: String {
        switch self {
        case .stapleMissing: "The server sent no OCSP staple."
        case .mustStapleMissing: "Must-staple certificate served without a staple: Firefox refuses the connection."
        case .noOCSPURL: "The certificate names no OCSP responder (CRL-only CA): stapling does not apply."
        case .mustStapleNoOCSPURL: "Must-staple certificate without an OCSP URL: no valid staple can ever exist."
        case .ocspURLInvalid: "The certificate names an OCSP URL that is not a valid URL (a NUL, control or non-ASCII byte): nobody can ask it."
        case .statusRequestRejected: "The handshake fails whenever the client asks for OCSP status."
        case .stapleTooLarge: "The staple is larger than common clients accept: over 16 KiB in TLS 1.2 (OpenSSL), or a TLS 1.3 Certificate message over 100 KiB with it."
        case .stapleMalformed: "The staple is not a readable DER OCSPResponse."
        case .stapleUnsuccessful: "The staple is an error response (tryLater, unauthorized, …), not a status."
        case .stapleUnsupportedType: "The staple's response type is not id-pkix-ocsp-basic."
        case .stapleWrongCertificate: "The staple is about another certificate (stale after a renewal, or wrong issuer)."
        case .stapleRevoked: "The staple says the certificate is revoked."
        case .stapleUnknown: "The responder does not know the certificate."
        case .stapleSignatureInvalid: "The staple's signature does not verify."
        case .stapleSignerUnauthorized: "The staple was signed by a responder not authorised for this certificate's issuer."
        case .stapleExpired: "The staple's nextUpdate has passed."
        case .stapleNotYetValid: "The staple's thisUpdate is in the future."
        case .stapleExpiringSoon: "The staple expires within --warn-within (default 24h)."
        case .stapleNoNextUpdate: "The staple has no nextUpdate, so freshness cannot be judged."
        case .stapleUnsupportedVersion: "The response declares a version other than v1."
        case .stapleUnknownCriticalExtension: "The response carries a critical extension clients do not understand."
        case .stapleUnverified: "`inspect` could not check the signature or the certificate match for want of --issuer / --cert."
        case .certificateExpired: "`inspect`: the certificate has expired."
        case .certificateNotYetValid: "`inspect`: the certificate is not valid yet."
        case .certificateShortLived: "`inspect`: a lifetime of 10 days or less; revocation information is optional."
        case .certificateMalformed: "A certificate's notBefore or notAfter cannot be decoded: clients reject it."
        case .stapleStaleGood: "The staple says good, but the CA's responder now says revoked."
        case .stapleNotRefreshed: "The staple is older than the responder's current answer by more than --stale-after (default 24h)."
        case .responderRevoked: "The CA's responder says the certificate is revoked."
        case .responderUnknown: "The CA's responder does not know the certificate."
        case .responderUnreachable: "The OCSP responder could not be asked: connection refused or failed, timeout."
        case .responderHTTPError: "The OCSP responder answered with an HTTP error (404, 500, …), too many redirects, a redirect off http(s), or an oversized body."
        case .responderMalformed: "The OCSP responder's answer is not an OCSP response."
        case .responderUnsuccessful: "The OCSP responder answered tryLater, unauthorized or another error status."
        case .responderInvalid: "The OCSP responder's answer fails verification (signature, signer, CertID, window)."
        case .responderContentType: "The OCSP responder's Content-Type is not application/ocsp-response."
        case .responderFlaky: "Some requests to the responder failed and others succeeded (a bad node behind a load balancer)."
        case .responderSlow: "The OCSP responder took over 2 s to answer."
        case .responderShortValidity: "The responder's answers are valid for under 4 hours."
        case .responderNoOverlap: "The responder's current answer has under a quarter of its validity left: responses do not overlap."
        case .responderSignatureAlgorithmMismatch: "The responder declares one signature algorithm and signs with another digest."
        case .responderExtraCertificates: "The responder embeds more certificates than its signer needs."
        case .responderSignerExpiring: "The delegated responder certificate expires within 7 days or before the response's nextUpdate."
        case .responderSignerNoNoCheck: "The delegated responder certificate lacks id-pkix-ocsp-nocheck."
        case .responderSignerNoOCSPSigning: "The responder signs with a certificate that lacks id-kp-OCSPSigning."
        case .responderNonceIgnored: "With --nonce: the responder did not echo the nonce (pre-computed responses)."
        case .responderCertExtraEKU: "The delegated responder certificate has extended key usages besides id-kp-OCSPSigning (CA/B Forum BR §7.1.2.8.5)."
        case .responderCertKeyUsage: "The delegated responder certificate's key usage is not digitalSignature alone, or is missing (BR §7.1.2.8.7)."
        case .responderCertCA: "The delegated responder certificate is a CA certificate (basicConstraints cA TRUE; BR §7.1.2.8.4)."
        case .responderCertNoAKI: "The delegated responder certificate has no authorityKeyIdentifier (BR §7.1.2.8.2)."
        case .responderCertForbiddenExtension: "The delegated responder certificate carries an extension BR §7.1.2.8 forbids: subjectAltName, nameConstraints, certificatePolicies, crlDistributionPoints or an AIA OCSP URL."
        case .responderIDNotSHA1: "The byKey responderID is not the 20-byte SHA-1 hash of the signer's public key (RFC 6960 §4.2.1): clients cannot find the signer."
        case .ocspNextUpdateBeforeThisUpdate: "A SingleResponse's nextUpdate is before its thisUpdate: OpenSSL-based clients reject the response."
        case .ocspThisUpdateAfterProducedAt: "A SingleResponse's thisUpdate is after the response's producedAt: the responder vouches for a time after it signed."
        case .ocspUnsuccessfulWithBody: "An unsuccessful response (tryLater, …) carries responseBytes, which RFC 6960 §4.2.1 says are not set for an error."
        case .crlRevoked: "The CA's CRL lists the certificate as revoked."
        case .crlStale: "The CRL's nextUpdate has passed."
        case .crlUnreachable: "The CRL could not be downloaded."
        case .crlInvalid: "The CRL is not a CRL, is signed by another issuer, or its signature does not verify."
        case .issuerUnavailable: "The issuer certificate was neither served nor in the trust store."
        case .chainUntrusted: "The served chain does not verify against the trust store."
        case .stapleColdCache: "The first handshake(s) carried no staple and later ones did: a cold stapling cache (nginx after a start or reload)."
        case .stapleIntermittent: "Some handshakes carried a staple and others did not (several workers or backends behind one address)."
        case .stapleTLSVersionMismatch: "The server staples on one TLS version (1.3 or 1.2) and not on the other."
        case .addressUnreachable: "One of the host's addresses refused the connection, timed out or failed the handshake."
        case .addressesDiffer: "One address (backend) staples differently from the others."
        case .certificatesDiffer: "The server's certificates (RSA, ECDSA, …) are stapled differently, e.g. the ECDSA one with the RSA one's response."
        case .addressesCapped: "The host has more addresses than --max-addresses (default 8); only the first were checked."
        case .chainTooLarge: "The server's Certificate message is over 100 KiB: OpenSSL and BoringSSL clients abort the handshake."
        case .starttlsRefused: "The server offers STARTTLS and then refuses it (`454`, `NO`, `-ERR`, …), on every connection or on some: exim does so when its `tls_ocsp_file` is expired or for another certificate."
        }
    }
}
