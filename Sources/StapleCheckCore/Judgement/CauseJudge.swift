/// Names the server setup that most likely caused a finding, from the pattern over the
/// whole report: what was stapled, how it varied over the handshakes, and what the CA's
/// responder answered from here. The patterns are those seen with real servers (docs
/// /CLIENTS.md, "Likely server causes"); the wording says "typical of", never more. Pure.
enum CauseJudge {
    struct Context {
        /// The endpoint's first staple; nil when it sent none.
        var staple: StapleInfo?
        /// Stapled handshakes, and how many different staples they carried.
        var stapledHandshakes: Int
        var distinctStaples: Int
        /// What the CA's responder answered staplecheck about this certificate.
        var answer: ResponderAnswer
        /// The name the operator knows the site by, for the commands quoted.
        var host: String
        /// The STARTTLS protocol spoken before the handshakes, if any.
        var starttls: StartTLSProtocol? = nil

        /// The same bytes in every stapled handshake, over at least two.
        var staticStaple: Bool { stapledHandshakes >= 2 && distinctStaples == 1 }
    }

    static func cause(for finding: Finding, _ context: Context) -> LikelyCause? {
        switch finding.code {
        case .stapleColdCache: return coldCache
        case .stapleIntermittent: return intermittent
        case .certificatesDiffer: return sharedStapleFile
        case .stapleMissing, .mustStapleMissing:
            return [.revoked, .unknown].contains(context.answer) ? refusesNonGood(context.answer) : nil
        case .responderRevoked, .responderUnknown:
            return context.staple == nil ? refusesNonGood(context.answer) : nil
        case .stapleUnsuccessful:
            return unsuccessful(context)
        case .stapleExpired, .stapleNotRefreshed:
            return context.staticStaple ? staticFile(context, what: finding.code == .stapleExpired ? "expired" : "aged") : nil
        case .stapleWrongCertificate:
            return wrongCertificate(context)
        case .stapleSignatureInvalid, .stapleSignerUnauthorized:
            // Not when the whole chain is untrusted (then the signer is not the point).
            return finding.severity == .critical ? unverifiedFile(context) : nil
        case .statusRequestRejected: return unparsableFile
        case .stapleRevoked: return messenger
        case .starttlsRefused:
            return context.starttls == .smtp || context.starttls == .lmtp ? eximOCSPFile : nil
        default: return nil
        }
    }

    /// The `staplecheck fetch` command that keeps a staple file fresh, for this host.
    static func fetchCommand(_ host: String) -> String {
        let name = host.isEmpty ? "HOST" : host
        return "staplecheck fetch --cert /PATH/TO/\(name)/fullchain.pem -o /PATH/TO/\(name).ocsp --min-validity 48h"
    }

    static let coldCache = LikelyCause(
        cause: "Typical of nginx `ssl_stapling on`: each worker fetches the response only after the first status request, in the background, after every start and reload.",
        fix: "Warm the cache after every reload (one `staplecheck` or `openssl s_client -status` per worker), or staple from a file: `ssl_stapling_file` kept fresh by `staplecheck fetch` from a timer, then `nginx -s reload`.")

    static let intermittent = LikelyCause(
        cause: "Typical of nginx with `worker_processes` > 1 (every worker fills its own stapling cache) or of backends behind one address that staple differently.",
        fix: "Check each backend with `--address`; with nginx use `ssl_stapling_file` (refreshed by `staplecheck fetch`) so every worker staples the same response from the first handshake.")

    static let sharedStapleFile = LikelyCause(
        cause: "Typical of one nginx `ssl_stapling_file` (or HAProxy `.ocsp`) shared by two certificates (RSA and ECDSA): nginx staples that one file for both.",
        fix: "Give each certificate its own staple file: HAProxy `<cert>.ocsp` beside each certificate; with nginx, live stapling (`ssl_stapling on`) fetches per certificate, or serve the two certificates from separate `server` blocks.")

    static func refusesNonGood(_ answer: ResponderAnswer) -> LikelyCause {
        LikelyCause(
            cause: "Typical of nginx and Caddy, which refuse to staple a response that says \(answer.rawValue) (they log it and send none): the CA's answer, not the server, is the problem.",
            fix: answer == .revoked
                ? "Replace the certificate with a newly issued one and reload; nothing in the server's stapling settings will help."
                : "Find out why the CA does not know the certificate (its AIA names another CA's responder, or it was issued minutes ago); reissue it from the CA whose responder it names.")
    }

    static func unsuccessful(_ context: Context) -> LikelyCause {
        let status = context.staple?.responseStatus
        if status == .tryLater, [.good, .revoked, .unknown].contains(context.answer) {
            return LikelyCause(
                cause: "Typical of Apache mod_ssl's `SSLStaplingFakeTryLater` (on by default): the server could not reach the CA's responder (outbound proxy, firewall, DNS) and staples a fake tryLater, while the responder answers fine from here.",
                fix: "Let the server reach the responder: check its `resolver`/DNS, outbound HTTP to the OCSP URL and `SSLStaplingResponderTimeout`; set `SSLStaplingFakeTryLater off` and `SSLStaplingReturnResponderErrors off` so that clients get no staple rather than an error.")
        }
        return LikelyCause(
            cause: "Typical of Apache mod_ssl passing the CA's error answer on (`SSLStaplingReturnResponderErrors`, on by default)\(context.answer == .unreachable ? "; the CA's responder fails from here too" : "").",
            fix: "Set `SSLStaplingReturnResponderErrors off` (and `SSLStaplingFakeTryLater off`) so that clients get no staple rather than an error; raise the responder's errors with the CA.")
    }

    static func staticFile(_ context: Context, what: String) -> LikelyCause {
        LikelyCause(
            cause: "Typical of a static staple file nobody refreshes (nginx `ssl_stapling_file`, HAProxy `<cert>.ocsp`, hitch `ocsp-resp-file`): all \(context.stapledHandshakes) stapled handshakes carried the same \(what) response.",
            fix: "Refresh the file from a timer (e.g. hourly) and reload: `\(fetchCommand(context.host))`, then `nginx -s reload` (HAProxy: `set ssl ocsp-response` or a reload; hitch: a reload).")
    }

    static func wrongCertificate(_ context: Context) -> LikelyCause {
        let sameCA = context.staple?.signatureValid == true
        let file = context.staticStaple ? " it never changed over \(context.stapledHandshakes) handshakes, as a file does;" : ""
        return LikelyCause(
            cause: sameCA
                ? "Typical of a certificate renewal after which the staple file was not replaced: the staple is a valid response from the same CA for another certificate (serial \(context.staple?.serialNumber ?? "?"));\(file) nginx `ssl_stapling_file`, HAProxy `.ocsp` and hitch `ocsp-resp-file` serve it as they find it."
                : "Typical of a staple file copied from another certificate or host: it is not even signed by this certificate's CA.",
            fix: "Fetch a staple for the certificate now served, in the same deploy step that installs the certificate: `\(fetchCommand(context.host))`, then reload.")
    }

    static func unverifiedFile(_ context: Context) -> LikelyCause {
        LikelyCause(
            cause: "Typical of a file-based server that does not verify what it staples (HAProxy `.ocsp`, gnutls-serv `--ignore-ocsp-response-errors`, hitch `ocsp-resp-file`); nginx with `ssl_stapling_verify on` and Apache check the signer.",
            fix: "Replace the file with a verified response (`staplecheck fetch` writes only responses that verify): `\(fetchCommand(context.host))`.")
    }

    static let unparsableFile = LikelyCause(
        cause: "Typical of `openssl s_server -status_file` (or a similar file-based setup) holding a file that is not a DER OCSP response: it aborts every handshake that asks for status.",
        fix: "Replace the file with a DER response (`staplecheck fetch`, or `openssl ocsp … -respout FILE`; PEM or base64 must be decoded first), or remove the stapling option.")

    static let messenger = LikelyCause(
        cause: "The CA revoked the certificate; the server only passes the CA's answer on (Apache, HAProxy and h2o staple revoked responses; nginx and Caddy would staple nothing).",
        fix: "Replace the certificate (a new key if the reason is keyCompromise) and reload.")

    /// exim with an expired or wrong-certificate `tls_ocsp_file` advertises STARTTLS and
    /// answers every STARTTLS with `454 TLS currently unavailable` (for `starttls-refused`).
    static let eximOCSPFile = LikelyCause(
        cause: "Typical of exim with a `tls_ocsp_file` that is expired or for another certificate: it still advertises STARTTLS and answers it with 454.",
        fix: "Refresh the file from a timer before it expires and after every renewal (`staplecheck fetch --cert … -o …` for exim's certificate), or remove `tls_ocsp_file`.")
}
