// The libraries' and command-line clients' columns of the client table (docs/CLIENTS.md
// §4–9). Cells marked `lab: true` were reproduced on Debian 12 with curl 7.88.1 (OpenSSL
// 3.0.19), openssl s_client 3.0.19 and gnutls-cli 3.7.9 against the lab servers, and
// ClientTableTests asserts them.

extension ClientBehaviour.Answers {
    /// gnutls-cli --ocsp without an accepted staple: "unknown" counts as not revoked, and a
    /// failed query is a hard failure.
    static let gnutlsQuery = Self(good: .connects, revoked: .refuses, unknown: .connects, unreachable: .refuses,
                                  revokedError: "*** Certificate was revoked at …")
}

extension ClientBehaviour {
    private static let gnutlsSource = "GnuTLS 3.7.9 lib/cert-session.c check_ocsp_response"
    private static let invalid = "The received OCSP status response is invalid."

    /// The GnuTLS library's default verification, as gnutls-cli shows it. `query`: the
    /// no-staple cell of gnutls-cli --ocsp, which asks the responder itself.
    private static func gnutlsCells(query: Bool) -> [Cell] {
        [
            query
                ? Cell(situation: .noStaple, outcome: .asksCA, answers: .gnutlsQuery,
                       error: "*** Verifying (with OCSP) server certificate chain failed...",
                       source: "gnutls-cli 3.7.9 src/cli.c cert_verify_ocsp, src/ocsptool-common.c", lab: true,
                       note: "queries the leaf's AIA responder, or its issuer's")
                : Cell(situation: .noStaple, outcome: .connects, source: gnutlsSource, lab: true),
            Cell(situation: .mustStapleNoStaple, outcome: .refuses,
                 error: "The certificate requires the server to include an OCSP status in its response, but the OCSP status is missing.",
                 source: "GnuTLS 3.7.9 _gnutls_ocsp_verify_mandatory_stapling", lab: true),
            Cell(situation: .good, outcome: .connects, source: gnutlsSource, lab: true),
            Cell(situation: .revoked, outcome: .refuses, error: "The certificate chain is revoked.", source: gnutlsSource, lab: true),
            Cell(situation: .unknown, outcome: .connects, source: gnutlsSource, lab: true, note: "only revoked is checked"),
            Cell(situation: .expired, outcome: .refuses, error: "The revocation or OCSP data are old and have been superseded.",
                 source: gnutlsSource, lab: true, note: "no slop after nextUpdate"),
            Cell(situation: .notYetValid, outcome: .connects, source: gnutlsSource, lab: true, note: "thisUpdate is not checked"),
            Cell(situation: .wrongCertificate, outcome: .refuses, error: invalid, source: gnutlsSource, lab: true),
            Cell(situation: .badSignature, outcome: .refuses, error: invalid, source: gnutlsSource, lab: true),
            Cell(situation: .unauthorizedSigner, outcome: .refuses, error: invalid, source: gnutlsSource, lab: true),
            Cell(situation: .tryLater, outcome: .ignoresStaple, mustStaple: .refuses, source: gnutlsSource, lab: true,
                 note: "an unsuccessful staple is no failure, and leads to no query"),
            Cell(situation: .unsuccessful, outcome: .ignoresStaple, mustStaple: .refuses, source: gnutlsSource, lab: true),
            Cell(situation: .corrupt, outcome: .refuses, error: invalid + " (Error in DER parsing)", source: gnutlsSource, lab: true),
        ]
    }

    static let gnutls = ClientBehaviour(
        client: .gnutls, name: "GnuTLS clients (gnutls-cli)", versions: "GnuTLS 3.7.9 (Debian 12)", mainstream: true,
        summary: "Asks for a staple and judges it inside certificate verification: refuses revoked, expired, mismatched, badly signed and corrupt staples and enforces must-staple; accepts unknown, ignores unsuccessful ones; never asks the CA.",
        cells: gnutlsCells(query: false))

    static let gnutlsOCSP = ClientBehaviour(
        client: .gnutlsOCSP, name: "gnutls-cli --ocsp", versions: "gnutls-cli 3.7.9 (Debian 12)", mainstream: false,
        summary: "As GnuTLS clients; when no staple was accepted it asks the responder itself and fails hard when that fails.",
        cells: gnutlsCells(query: true))

    private static let curlSource = "curl 7.88.1 lib/vtls/openssl.c verifystatus"

    static let curl = ClientBehaviour(
        client: .curl, name: "curl --cert-status", versions: "curl 7.88.1 with OpenSSL 3.0 (Debian 12); unchanged on master (2026)",
        mainstream: false,
        summary: "Opt-in: demands a valid good staple (300 s clock skew) and refuses anything else with exit 91; never asks the CA.",
        cells: [
            Cell(situation: .noStaple, outcome: .refuses, error: "curl: (91) No OCSP response received", source: curlSource, lab: true),
            Cell(situation: .mustStapleNoStaple, outcome: .refuses, error: "curl: (91) No OCSP response received", source: curlSource, lab: true),
            Cell(situation: .good, outcome: .connects, source: curlSource, lab: true),
            Cell(situation: .revoked, outcome: .refuses, error: "curl: (91) SSL certificate revocation reason: <reason> (<n>)", source: curlSource, lab: true),
            Cell(situation: .unknown, outcome: .refuses, error: "curl: (91) SSL server certificate status verification FAILED", source: curlSource, lab: true),
            Cell(situation: .expired, outcome: .refuses, error: "curl: (91) OCSP response has expired", source: curlSource, lab: true),
            Cell(situation: .notYetValid, outcome: .refuses, error: "curl: (91) OCSP response has expired", source: curlSource, lab: true),
            Cell(situation: .wrongCertificate, outcome: .refuses, error: "curl: (91) Could not find certificate ID in OCSP response",
                 source: curlSource, lab: true),
            Cell(situation: .badSignature, outcome: .refuses, error: "curl: (91) OCSP response verification failed", source: curlSource, lab: true),
            Cell(situation: .unauthorizedSigner, outcome: .refuses, error: "curl: (91) OCSP response verification failed", source: curlSource, lab: true),
            Cell(situation: .tryLater, outcome: .refuses, error: "curl: (91) Invalid OCSP response status: trylater (3)", source: curlSource, lab: true),
            Cell(situation: .unsuccessful, outcome: .refuses, error: "curl: (91) Invalid OCSP response status: <status> (<n>)", source: curlSource, lab: true),
            Cell(situation: .corrupt, outcome: .refuses, error: "curl: (91) Invalid OCSP response", source: curlSource, lab: true),
        ])

    private static let sClient = "OpenSSL 3.0.19 apps/s_client.c ocsp_resp_cb"

    static let opensslSClient = ClientBehaviour(
        client: .opensslSClient, name: "openssl s_client -status", versions: "OpenSSL 3.0.19 (Debian 12)", mainstream: false,
        summary: "A diagnostic: prints the staple and judges nothing, except that bytes it cannot parse abort the handshake.",
        cells: StapleSituation.allCases.map { situation in
            situation == .corrupt
                ? Cell(situation: .corrupt, outcome: .refuses, error: "OCSP response: response parse error", source: sClient, lab: true)
                : Cell(situation: situation, outcome: .connects, source: sClient, lab: true, note: "prints it only")
        })

    static let go = ClientBehaviour(
        client: .go, name: "Go crypto/tls", versions: "Go 1.x crypto/tls (2025)", mainstream: true,
        summary: "Asks for a staple and hands the bytes to the application unverified (ConnectionState.OCSPResponse); no must-staple, no OCSP query.",
        cells: StapleSituation.allCases.map {
            Cell(situation: $0, outcome: .connects, source: "golang/go src/crypto/tls/handshake_client.go; golang/go#36736", lab: false,
                 note: "unless the application verifies the staple itself")
        })

    static let java = ClientBehaviour(
        client: .java, name: "Java (JSSE)", versions: "JDK 9+ defaults (com.sun.net.ssl.checkRevocation false)", mainstream: true,
        summary: "Asks for a staple (JEP 249) but, with revocation checking off by default, ignores it; with checkRevocation on a bad staple falls over to the CRL.",
        cells: StapleSituation.allCases.map {
            Cell(situation: $0, outcome: .connects, source: "OpenJDK sun/security/validator/PKIXValidator.java addResponses; JEP 249", lab: false,
                 note: "revocation checking is off by default")
        })

    static let schannel = ClientBehaviour(
        client: .schannel, name: "Windows Schannel", versions: "not researched", mainstream: true,
        summary: "Not documented: no source on how CryptoAPI uses stapled responses was found.", cells: [])
}
