/// What `staplecheck explain CODE` says about each code beyond its title: what it means, what
/// usually causes it, which servers' fixes apply, and the client-table row that says who is
/// hurt. The switch is exhaustive: a new code does not compile without its entry.
extension FindingCode {
    struct ExplanationEntry {
        var meaning: String
        var causes: [String]
        var fixes: FixGroup
        /// Why clients care, for a code the client table has no row for.
        var clients: String = ""
    }

    /// The client-table row this finding puts clients in, with the CA answer that isolates
    /// its own effect (a no-staple row is judged with the CA saying good, so that
    /// `staple-missing` is not blamed for what `responder-unknown` does).
    public var clientScenario: (situation: StapleSituation, answer: ResponderAnswer)? {
        switch self {
        case .stapleMissing, .stapleColdCache, .stapleIntermittent, .stapleTLSVersionMismatch: (.noStaple, .good)
        case .mustStapleMissing: (.mustStapleNoStaple, .good)
        case .stapleMalformed, .stapleUnsupportedType: (.corrupt, .good)
        case .stapleUnsuccessful: (.tryLater, .good)
        case .stapleWrongCertificate: (.wrongCertificate, .good)
        case .stapleRevoked: (.revoked, .revoked)
        case .stapleUnknown: (.unknown, .unknown)
        case .stapleSignatureInvalid: (.badSignature, .good)
        case .stapleSignerUnauthorized: (.unauthorizedSigner, .good)
        case .responderIDNotSHA1: (.badSignature, .good)
        case .ocspNextUpdateBeforeThisUpdate: (.corrupt, .good)
        case .stapleExpired: (.expired, .good)
        case .stapleNotYetValid: (.notYetValid, .good)
        case .stapleStaleGood: (.good, .revoked)
        case .responderRevoked: (.noStaple, .revoked)
        case .responderUnknown: (.noStaple, .unknown)
        case .responderUnreachable, .responderHTTPError, .responderMalformed, .responderUnsuccessful, .responderInvalid: (.noStaple, .unreachable)
        default: nil
        }
    }

    var explanationEntry: ExplanationEntry {
        let caQuirk = "Clients are not hurt today, but stapling servers refresh less reliably."
        switch self {
        case .stapleMissing:
            return .init(meaning: "The server answered the status request with no staple, so clients that check revocation must ask the CA themselves (slower, and a privacy leak) or skip the check.",
                         causes: ["Stapling is off (nginx `ssl_stapling`, Apache `SSLUseStapling`)", "nginx's cache is still cold after a start or reload", "the server cannot reach the CA's responder", "nginx and Caddy staple nothing when the CA answers revoked or unknown"],
                         fixes: .enableStapling)
        case .mustStapleMissing:
            return .init(meaning: "The certificate carries the TLS Feature extension (RFC 7633, must-staple), which promises a staple in every handshake; none came.",
                         causes: ["Stapling is off or failing", "a cold nginx cache after a reload", "the server cannot reach the responder"], fixes: .enableStapling)
        case .noOCSPURL:
            return .init(meaning: "The certificate names no OCSP responder: its CA publishes revocation by CRL only (Let's Encrypt since May 2025), so there is nothing to staple.",
                         causes: ["A CA that ended OCSP"], fixes: .nothing, clients: "Clients check the CRL or nothing; no client needs a staple.")
        case .mustStapleNoOCSPURL:
            return .init(meaning: "The certificate demands a staple but names no responder to get one from: no valid staple can exist.",
                         causes: ["Must-staple requested from a CA without OCSP (Let's Encrypt refuses must-staple since May 2025)"], fixes: .reissueCertificate,
                         clients: "Firefox and GnuTLS clients refuse every connection (must-staple without a staple).")
        case .ocspURLInvalid:
            return .init(meaning: "The AIA OCSP URL holds bytes no URL may contain, so neither the server nor a client can ask it.",
                         causes: ["A CA issuing malformed AIA extensions"], fixes: .reissueCertificate, clients: "Clients that would ask the CA cannot; Firefox then soft-fails or, after a bad staple, refuses.")
        case .statusRequestRejected:
            return .init(meaning: "Handshakes that ask for OCSP status fail and only those without the request succeed.",
                         causes: ["openssl s_server `-status_file` or a similar file-based setup holding an unparsable file"], fixes: .replaceWithVerified,
                         clients: "Every client that asks for a staple (Firefox, Chrome, GnuTLS, Go, Java 9+) fails the handshake.")
        case .stapleTooLarge:
            return .init(meaning: "OpenSSL clients read a TLS 1.2 CertificateStatus of at most 16 KiB and a Certificate message of at most 100 KiB.",
                         causes: ["A responder embedding many certificates", "a staple file holding something else"], fixes: .replaceWithVerified,
                         clients: "OpenSSL-based clients (curl, s_client, many libraries) abort the handshake.")
        case .stapleMalformed:
            return .init(meaning: "The staple's bytes are not a DER OCSPResponse: truncated, another type (a certificate, HTML), PEM or base64 where DER belongs.",
                         causes: ["A staple file written in the wrong format or cut short", "a captive portal or error page saved as the response"], fixes: .replaceWithVerified)
        case .stapleUnsuccessful:
            return .init(meaning: "The staple is an OCSP error answer (tryLater, internalError, unauthorized, …) with no status in it.",
                         causes: ["Apache's `SSLStaplingFakeTryLater` when the server cannot reach the responder", "Apache passing the CA's error on (`SSLStaplingReturnResponderErrors`)", "a staple file holding an error answer"],
                         fixes: .stopPassingErrors)
        case .stapleUnsupportedType:
            return .init(meaning: "The response type is not id-pkix-ocsp-basic, the only one clients read.", causes: ["A staple file holding something other than a basic OCSP response"], fixes: .replaceWithVerified)
        case .stapleWrongCertificate:
            return .init(meaning: "No SingleResponse's CertID (hash algorithm, issuer name and key hash, serial) matches the served certificate.",
                         causes: ["The staple file was not replaced at a renewal", "one staple file shared by two certificates", "a staple for another host"], fixes: .refreshFile)
        case .stapleRevoked:
            return .init(meaning: "The staple is a valid response saying the CA revoked the certificate.", causes: ["The CA revoked the certificate; the server passes the answer on"], fixes: .replaceCertificate)
        case .stapleUnknown:
            return .init(meaning: "The staple says the responder does not know the certificate.", causes: ["A certificate too new for the responder", "an AIA naming another CA's responder"], fixes: .reissueCertificate)
        case .stapleSignatureInvalid:
            return .init(meaning: "The signature does not verify with the signer's key, or the signer cannot be found.", causes: ["A staple file altered or corrupted", "a responder mislabelling its signature algorithm"], fixes: .replaceWithVerified)
        case .stapleSignerUnauthorized:
            return .init(meaning: "The staple is signed by a certificate that is neither the issuer nor a responder the issuer authorised with id-kp-OCSPSigning.",
                         causes: ["A file-based server that does not verify what it staples (HAProxy, gnutls-serv, hitch)", "a responder override (`ssl_stapling_responder`, `SSLStaplingForceURL`) pointing at another CA"], fixes: .replaceWithVerified)
        case .stapleExpired:
            return .init(meaning: "The staple's nextUpdate has passed (beyond 5 minutes of clock skew).", causes: ["A static staple file nobody refreshes", "a server that kept its last staple while the responder was unreachable"], fixes: .refreshFile)
        case .stapleNotYetValid:
            return .init(meaning: "The staple's thisUpdate lies in the future (beyond 5 minutes of clock skew); Firefox accepts up to 24 hours ahead.", causes: ["A responder or server clock running fast"], fixes: .refreshFile)
        case .stapleExpiringSoon:
            return .init(meaning: "The staple is still valid but expires within --warn-within.", causes: ["A refresh job that runs too rarely or fails"], fixes: .refreshFile, clients: "None yet; once it expires, Firefox refuses when the CA is unreachable and GnuTLS clients refuse.")
        case .stapleNoNextUpdate:
            return .init(meaning: "Without a nextUpdate a client cannot tell when the answer goes stale: Firefox accepts it for a day after thisUpdate, GnuTLS for 15 days.", causes: ["A responder that omits nextUpdate"], fixes: .caSide, clients: "Firefox treats it as expired a day after thisUpdate.")
        case .stapleUnsupportedVersion:
            return .init(meaning: "The response declares a version other than v1, the only one defined.", causes: ["A broken responder or a hand-made file"], fixes: .replaceWithVerified, clients: "Strict parsers (Firefox, OpenSSL) reject it.")
        case .stapleUnknownCriticalExtension:
            return .init(meaning: "The response carries a critical extension clients do not understand, which RFC 5280 says they must reject.", causes: ["A responder adding private critical extensions"], fixes: .caSide, clients: "Firefox refuses (SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION).")
        case .stapleUnverified:
            return .init(meaning: "`inspect` judged the response without --cert or --issuer, so its match or signature could not be checked.", causes: ["Options not given"], fixes: .nothing, clients: "Nothing to say until it is checked: give --cert and --issuer.")
        case .certificateExpired, .certificateNotYetValid, .certificateMalformed:
            return .init(meaning: "The certificate's validity (or its encoding) makes every client reject it before any staple matters.", causes: ["A renewal not installed", "a clock", "a CA encoding error"], fixes: .replaceCertificate, clients: "Every client refuses the certificate itself.")
        case .certificateShortLived:
            return .init(meaning: "Certificates valid for 10 days or less need no revocation information (CA/Browser Forum); Firefox fetches no OCSP for them.", causes: ["Short-lived issuance"], fixes: .nothing, clients: "No client needs a staple for it.")
        case .stapleStaleGood:
            return .init(meaning: "The server staples an old good answer while the CA now says revoked: clients that trust the staple connect to a revoked certificate.", causes: ["A cached or static staple fetched before the revocation"], fixes: .replaceCertificate)
        case .stapleNotRefreshed:
            return .init(meaning: "The stapled answer is older than the responder's current one by more than --stale-after.", causes: ["A static staple file", "a server that cannot reach the responder to refresh"], fixes: .refreshFile, clients: "None yet; a revocation would reach clients late.")
        case .responderRevoked:
            return .init(meaning: "Asked directly, the CA's responder says revoked.", causes: ["The CA revoked the certificate"], fixes: .replaceCertificate)
        case .responderUnknown:
            return .init(meaning: "Asked directly, the CA's responder does not know the certificate; no valid staple can be fetched, and clients that ask get unknown.", causes: ["A certificate issued minutes ago", "an AIA naming another CA's responder", "a responder missing part of the CA's database"], fixes: .reissueCertificate)
        case .responderUnreachable, .responderHTTPError, .responderMalformed, .responderUnsuccessful, .responderInvalid:
            return .init(meaning: "Asked directly, the CA's responder gave no usable answer; servers fail to refresh their staples the same way.", causes: ["A CA outage or a bad node behind its load balancer", "a firewall or proxy between here and the responder"], fixes: .reachResponder)
        case .responderContentType, .responderShortValidity, .responderNoOverlap, .responderSignatureAlgorithmMismatch, .responderSignerExpiring, .responderSignerNoNoCheck, .responderSignerNoOCSPSigning:
            return .init(meaning: "A responder quirk seen at real CAs that makes stapling fragile.", causes: ["The CA's responder configuration"], fixes: .caSide, clients: caQuirk)
        case .responderCertExtraEKU, .responderCertKeyUsage, .responderCertCA, .responderCertNoAKI, .responderCertForbiddenExtension:
            return .init(meaning: "The certificate the CA delegated OCSP signing to breaks the CA/Browser Forum OCSP Responder Certificate Profile (Baseline Requirements §7.1.2.8): id-kp-OCSPSigning as its only extended key usage, digitalSignature as its only key usage, id-pkix-ocsp-nocheck, no CA bit, an authorityKeyIdentifier, and no subjectAltName, nameConstraints, certificatePolicies, crlDistributionPoints or AIA OCSP URL.",
                         causes: ["A CA issuing responder certificates from a TLS or CA certificate template", "a private CA set up with a generic OpenSSL extension section"],
                         fixes: .caSide, clients: "Clients accept the signature today (they check only id-kp-OCSPSigning); a publicly trusted CA is out of compliance and must reissue the certificate.")
        case .responderIDNotSHA1:
            return .init(meaning: "A byKey responderID must be the 20-byte SHA-1 of the responder's public key BIT STRING (RFC 6960 §4.2.1); clients find the signer by it, so any other value leaves them without a signer.",
                         causes: ["A responder hashing the whole SubjectPublicKeyInfo or using SHA-256", "a responder signing with a certificate it neither embeds nor names correctly"],
                         fixes: .caSide, clients: "OpenSSL and Firefox find no signer and reject the response, as they do a bad signature.")
        case .ocspNextUpdateBeforeThisUpdate, .ocspThisUpdateAfterProducedAt, .ocspUnsuccessfulWithBody:
            return .init(meaning: "The response breaks RFC 6960's own rules for its fields: nextUpdate must not precede thisUpdate, thisUpdate must not follow producedAt (the signing time), and an error status carries no responseBytes.",
                         causes: ["A responder with disagreeing clocks or a wrong validity computation", "a responder attaching a body to its error answers"],
                         fixes: .caSide, clients: "OpenSSL-based clients reject nextUpdate before thisUpdate; the other two are accepted, but show a responder to raise with the CA.")
        case .responderFlaky, .responderSlow:
            return .init(meaning: "Some answers fail or come slowly; stapling servers fetching at a bad moment end up with no staple.", causes: ["One bad node behind the CA's load balancer", "an overloaded responder"], fixes: .reachResponder, clients: caQuirk)
        case .responderExtraCertificates, .responderNonceIgnored:
            return .init(meaning: "A responder habit with a cost (bytes in every handshake, or pre-computed answers), not a fault.", causes: ["The CA's responder configuration"], fixes: .nothing, clients: "No client refuses because of it.")
        case .crlRevoked:
            return .init(meaning: "The CA's CRL lists the certificate as revoked.", causes: ["The CA revoked the certificate"], fixes: .replaceCertificate, clients: "Clients that check the CRL (Java with CRL checking, Windows) refuse.")
        case .crlStale, .crlUnreachable, .crlInvalid:
            return .init(meaning: "The CA's CRL cannot be used to check revocation.", causes: ["The CA's CRL publication"], fixes: .caSide, clients: "Clients that check CRLs soft-fail or, when strict, refuse.")
        case .issuerUnavailable, .chainUntrusted, .chainTooLarge:
            return .init(meaning: "The served chain is incomplete, untrusted or too large, which clients judge before the staple.", causes: ["The server sends the leaf without its intermediates", "a private CA not in the trust store", "a huge chain"], fixes: .serveChain, clients: "Clients without the missing certificates refuse the chain itself.")
        case .stapleColdCache:
            return .init(meaning: "The first handshakes carried no staple and the later ones did: the server fetched its staple in the background.", causes: ["nginx `ssl_stapling on` after a start or reload"], fixes: .warmCache)
        case .stapleIntermittent:
            return .init(meaning: "Some handshakes carried a staple and others did not, with no warm-up pattern.", causes: ["nginx workers with separate caches", "backends behind one address stapling differently"], fixes: .warmCache)
        case .stapleTLSVersionMismatch:
            return .init(meaning: "One TLS version staples and the other does not.", causes: ["Two TLS stacks behind one address"], fixes: .alignDeployment)
        case .starttlsRefused:
            return .init(meaning: "The server advertises STARTTLS and then refuses it (`454`, `NO`, `-ERR`, …): clients that insist on TLS cannot connect, the others fall back to cleartext.",
                         causes: ["exim (GnuTLS builds, as Debian's) with a `tls_ocsp_file` that is expired or for another certificate", "a certificate or key file the server cannot load at STARTTLS"],
                         fixes: .refreshFile, clients: "Mail servers and clients that require TLS (MTA-STS, DANE, `smtp_tls_security_level = encrypt`) cannot deliver; opportunistic ones send in cleartext.")
        case .addressUnreachable, .addressesDiffer, .certificatesDiffer, .addressesCapped:
            return .init(meaning: "The addresses or certificates behind the name do not all behave alike.", causes: ["Backends configured differently", "one staple file shared by an RSA and an ECDSA certificate"], fixes: .alignDeployment, clients: "Clients hit the bad backend or certificate at random.")
        }
    }
}
