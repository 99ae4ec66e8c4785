// The browsers' columns of the client table (docs/CLIENTS.md §1–3). Each cell names its
// source; none of these was run here (the headless Firefox test checks the Firefox column).

extension ClientBehaviour.Answers {
    /// Firefox after a staple of the "compatibility" kind: the fetch decides, and a failed
    /// fetch refuses with the staple's error.
    static let firefoxStrict = Self(good: .connects, revoked: .refuses, unknown: .refuses, unreachable: .refuses,
                                    revokedError: "SEC_ERROR_REVOKED_CERTIFICATE", unknownError: "SEC_ERROR_OCSP_UNKNOWN_CERT")
    /// Firefox without a staple: a failed fetch is soft (`security.OCSP.require` false).
    static let firefoxSoft = Self(good: .connects, revoked: .refuses, unknown: .refuses, unreachable: .softFail,
                                  revokedError: "SEC_ERROR_REVOKED_CERTIFICATE", unknownError: "SEC_ERROR_OCSP_UNKNOWN_CERT")
}

extension ClientBehaviour {
    private static let trustDomain = "Firefox security/certverifier/NSSCertDBTrustDomain.cpp CheckRevocationByOCSP (ESR 140 and 153, 2025)"
    private static let pkixOCSP = "mozpkix lib/mozpkix/lib/pkixocsp.cpp (NSS 3.112/3.125; unchanged since 2021)"

    static let firefox = ClientBehaviour(
        client: .firefox, name: "Firefox", versions: "ESR 140 and 153 defaults (security.OCSP.enabled 1, require false); private roots and EV",
        mainstream: true,
        summary: "Verifies the staple; some bad staples (expired, wrong certificate, unauthorised signer, tryLater) make it ask the CA and refuse with the staple's error if that fails; enforces must-staple. For publicly trusted DV certificates CRLite decides instead from Firefox 137 and OCSP is not fetched from 142.",
        cells: [
            Cell(situation: .noStaple, outcome: .asksCA, answers: .firefoxSoft,
                 error: "SEC_ERROR_OCSP_SERVER_ERROR (only with security.OCSP.require)",
                 source: trustDomain + " SynchronousCheckRevocationWithServer, HandleOCSPFailure; test_ocsp_stapling.js", lab: false),
            Cell(situation: .mustStapleNoStaple, outcome: .refuses, error: "MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING",
                 source: "Firefox CertVerifier.cpp VerifySSLServerCert, mozpkix pkixcheck.cpp CheckTLSFeaturesAreSatisfied (enforced since Firefox 45, 2015-11)",
                 lab: false),
            Cell(situation: .good, outcome: .connects, source: trustDomain, lab: false, note: "no fetch"),
            Cell(situation: .revoked, outcome: .refuses, error: "SEC_ERROR_REVOKED_CERTIFICATE", source: pkixOCSP + "; test_ocsp_stapling.js",
                 lab: false, note: "no fetch"),
            Cell(situation: .unknown, outcome: .refuses, error: "SEC_ERROR_OCSP_UNKNOWN_CERT", source: pkixOCSP + "; test_ocsp_stapling.js",
                 lab: false, note: "no fetch"),
            Cell(situation: .expired, outcome: .asksCA, answers: .firefoxStrict, error: "SEC_ERROR_OCSP_OLD_RESPONSE",
                 source: pkixOCSP + " (1 day slop, 10 days at most); test_ocsp_stapling_expired.js", lab: false,
                 note: "accepted up to 24 h past nextUpdate"),
            Cell(situation: .notYetValid, outcome: .refuses, error: "SEC_ERROR_OCSP_FUTURE_RESPONSE", source: pkixOCSP + " SingleResponse",
                 lab: false, note: "a thisUpdate less than 24 h ahead is accepted"),
            Cell(situation: .wrongCertificate, outcome: .asksCA, answers: .firefoxStrict, error: "MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING",
                 source: "test_ocsp_stapling.js good-other; " + pkixOCSP, lab: false),
            Cell(situation: .badSignature, outcome: .refuses, error: "SEC_ERROR_OCSP_BAD_SIGNATURE", source: pkixOCSP + " VerifyOCSPSignedData",
                 lab: false, note: "no fetch"),
            Cell(situation: .unauthorizedSigner, outcome: .asksCA, answers: .firefoxStrict, error: "SEC_ERROR_OCSP_INVALID_SIGNING_CERT",
                 source: pkixOCSP + " VerifySignature; test_ocsp_stapling.js good-other-ca", lab: false),
            Cell(situation: .tryLater, outcome: .asksCA, answers: .firefoxStrict, error: "SEC_ERROR_OCSP_TRY_SERVER_LATER",
                 source: "test_ocsp_stapling.js trylater; " + pkixOCSP, lab: false),
            Cell(situation: .unsuccessful, outcome: .refuses,
                 error: "SEC_ERROR_OCSP_SERVER_ERROR / SEC_ERROR_OCSP_UNAUTHORIZED_REQUEST / SEC_ERROR_OCSP_MALFORMED_REQUEST / SEC_ERROR_OCSP_REQUEST_NEEDS_SIG",
                 source: pkixOCSP + " OCSPResponse", lab: false, note: "no fetch"),
            Cell(situation: .corrupt, outcome: .refuses, error: "SEC_ERROR_OCSP_MALFORMED_RESPONSE",
                 source: pkixOCSP + " MapBadDERToMalformedOCSPResponse; test_ocsp_stapling.js empty", lab: false, note: "no fetch"),
        ])

    private static let revocationChecker = "Chromium net/cert/internal/revocation_checker.cc CheckCertRevocation, BoringSSL pki/ocsp.cc (2025)"

    static let chrome = ClientBehaviour(
        client: .chrome, name: "Chrome", versions: "current Chromium, builtin verifier, default policy", mainstream: true,
        summary: "Asks for a staple and honours only a fully valid revoked one; every other bad staple counts as none. No online OCSP by default (CRLSets), no must-staple.",
        cells: [
            Cell(situation: .noStaple, outcome: .connects, source: "Chromium net/cert/cert_verify_proc_builtin.cc ChooseRevocationPolicy (CRLSets only)",
                 lab: false),
            Cell(situation: .mustStapleNoStaple, outcome: .connects,
                 source: "no TLS Feature check in the builtin verifier; Chung et al., IMC 2018 (APNIC blog 2019-01-15)", lab: false,
                 note: "must-staple not enforced"),
            Cell(situation: .good, outcome: .connects, source: revocationChecker, lab: false),
            Cell(situation: .revoked, outcome: .refuses, error: "NET::ERR_CERT_REVOKED", source: revocationChecker + " (staple at most 7 days old)",
                 lab: false),
            Cell(situation: .unknown, outcome: .ignoresStaple, source: revocationChecker, lab: false),
            Cell(situation: .expired, outcome: .ignoresStaple, source: "BoringSSL pki/ocsp.cc CheckRevocationDateValid", lab: false),
            Cell(situation: .notYetValid, outcome: .ignoresStaple, source: "BoringSSL pki/ocsp.cc CheckRevocationDateValid", lab: false),
            Cell(situation: .wrongCertificate, outcome: .ignoresStaple, source: "BoringSSL pki/ocsp.cc (no matching CertID)", lab: false),
            Cell(situation: .badSignature, outcome: .ignoresStaple, source: "BoringSSL pki/ocsp.cc", lab: false),
            Cell(situation: .unauthorizedSigner, outcome: .ignoresStaple, source: "BoringSSL pki/ocsp.cc", lab: false),
            Cell(situation: .tryLater, outcome: .ignoresStaple, source: "BoringSSL pki/ocsp.cc ERROR_RESPONSE", lab: false),
            Cell(situation: .unsuccessful, outcome: .ignoresStaple, source: "BoringSSL pki/ocsp.cc ERROR_RESPONSE", lab: false),
            Cell(situation: .corrupt, outcome: .ignoresStaple, source: "BoringSSL pki/ocsp.cc PARSE_RESPONSE_ERROR", lab: false),
        ])

    private static let trustd = "Apple Security trustd/SecRevocationServer.c SecORVCConsumeOCSPResponse (apple-open-source)"

    static let safari = ClientBehaviour(
        client: .safari, name: "Safari / Apple platforms", versions: "trustd (macOS, iOS), source read 2025", mainstream: true,
        summary: "Keeps a staple only when it is successful, for the certificate, correctly signed and (for good) in time, and discards the rest silently; the verdict on a kept revoked or unknown staple was not traced.",
        cells: [
            Cell(situation: .mustStapleNoStaple, outcome: .connects, source: "Chung et al., IMC 2018 (APNIC blog 2019-01-15)", lab: false,
                 note: "must-staple not enforced in 2018"),
            Cell(situation: .good, outcome: .connects, source: trustd, lab: false),
            Cell(situation: .wrongCertificate, outcome: .ignoresStaple, source: trustd, lab: false),
            Cell(situation: .badSignature, outcome: .ignoresStaple, source: trustd, lab: false),
            Cell(situation: .unauthorizedSigner, outcome: .ignoresStaple, source: trustd, lab: false),
            Cell(situation: .tryLater, outcome: .ignoresStaple, source: trustd, lab: false),
            Cell(situation: .unsuccessful, outcome: .ignoresStaple, source: trustd, lab: false),
            Cell(situation: .corrupt, outcome: .ignoresStaple, source: trustd, lab: false),
        ])
}
