/// The servers `staplecheck explain` gives fixes for.
public enum Server: String, CaseIterable, Codable, Sendable {
    case nginx, apache, haproxy, caddy, exim, hitch, lighttpd

    public var name: String {
        switch self {
        case .nginx: "nginx"
        case .apache: "Apache (mod_ssl)"
        case .haproxy: "HAProxy"
        case .caddy: "Caddy"
        case .exim: "exim"
        case .hitch: "hitch"
        case .lighttpd: "lighttpd"
        }
    }
}

/// One server's fix for one finding code.
public struct ServerFix: Codable, Sendable, Equatable {
    public var server: Server
    public var fix: String
}

/// The fixes, per server, that several finding codes share: each code names one group
/// (`FindingCode.explanationEntry`), so a server's advice for one situation exists once.
enum FixGroup: CaseIterable {
    case enableStapling, warmCache, refreshFile, replaceWithVerified, stopPassingErrors, replaceCertificate
    case reissueCertificate, reachResponder, caSide, serveChain, alignDeployment, nothing

    private static let fetch = "staplecheck fetch --cert CERT -o FILE --min-validity 48h"

    var fixes: [Server: String] {
        switch self {
        case .enableStapling: [
            .nginx: "`ssl_stapling on; ssl_stapling_verify on;` with `ssl_trusted_certificate` (the issuer chain) and a `resolver`; or `ssl_stapling_file` kept fresh by `\(Self.fetch)`.",
            .apache: "`SSLUseStapling on` with `SSLStaplingCache shmcb:/var/run/ocsp(128000)` outside the virtual host.",
            .haproxy: "Put a DER response in `<cert>.ocsp` beside the certificate (`\(Self.fetch)`), or `ocsp-update on` in the crt-list (HAProxy 2.8+).",
            .caddy: "Caddy staples by default; remove a global `ocsp_stapling off`, and let it reach the responder.",
            .exim: "`tls_ocsp_file = /etc/exim4/ocsp.der`, refreshed by `\(Self.fetch)` from a timer, then a reload.",
            .hitch: "`ocsp-dir = \"/var/lib/hitch/\"` (hitch fetches and refreshes itself), or `ocsp-resp-file` per `pem-file` kept fresh by `\(Self.fetch)`.",
            .lighttpd: "`ssl.stapling-file = \"/etc/lighttpd/ocsp.der\"` (1.4.56+), refreshed by `\(Self.fetch)`; lighttpd reloads a changed file.",
        ]
        case .warmCache: [
            .nginx: "The cache is per worker and empty after every start and reload: warm it (one status handshake per worker), or use `ssl_stapling_file` refreshed by `\(Self.fetch)`.",
            .apache: "Apache fetches inside the first handshake; give every backend the same `SSLUseStapling` and `SSLStaplingCache` (a shared shmcb cache per server).",
            .haproxy: "Every process/thread serves the loaded `.ocsp`; give every backend the same file and reload them all after refreshing it.",
            .caddy: "Caddy staples before it serves; check that every instance behind the address runs Caddy with the same storage.",
            .exim: "exim serves `tls_ocsp_file` from the first connection; give every MX host the same file.",
            .hitch: "With `ocsp-dir` hitch fetches in the background: pre-fill it, or use `ocsp-resp-file`.",
            .lighttpd: "Serve `ssl.stapling-file` on every backend, refreshed by `\(Self.fetch)`.",
        ]
        case .refreshFile: [
            .nginx: "`ssl_stapling_file` is served as it is, expired or not: refresh it from a timer (`\(Self.fetch)`) and `nginx -s reload`; or switch to `ssl_stapling on` (live fetch).",
            .apache: "mod_ssl refreshes its cache itself once the responder is reachable from the server; lower `SSLStaplingStandardCacheTimeout` if answers age, and restart after a renewal.",
            .haproxy: "Refresh `<cert>.ocsp` (`\(Self.fetch)`) and load it: `set ssl ocsp-response <base64>` on the runtime API or a reload; HAProxy 2.8+: `ocsp-update on`.",
            .caddy: "Caddy refreshes its staples itself; if it does not, it cannot reach the responder (check outbound HTTP) or the certificate is not managed by it.",
            .exim: "`tls_ocsp_file` is never refreshed by exim: refresh it from a timer (`\(Self.fetch)`) and after every renewal, then reload.",
            .hitch: "`ocsp-resp-file` is static: refresh it (`\(Self.fetch)`) and reload, or use `ocsp-dir` so that hitch refreshes it.",
            .lighttpd: "Refresh `ssl.stapling-file` from a timer (`\(Self.fetch)`); lighttpd reloads a changed file and stops stapling an expired one.",
        ]
        case .replaceWithVerified: [
            .nginx: "With `ssl_stapling_file` replace the file with a verified DER response (`\(Self.fetch)`); live stapling with `ssl_stapling_verify on` checks what it staples.",
            .apache: "mod_ssl staples what the responder sends: remove `SSLStaplingForceURL` pointing elsewhere and restart to drop the cached response.",
            .haproxy: "HAProxy does not verify `<cert>.ocsp`'s signature: replace it with a verified response (`\(Self.fetch)`).",
            .caddy: "Caddy fetches from the certificate's own responder; remove any custom OCSP override and restart.",
            .exim: "Replace `tls_ocsp_file` with a verified DER response (`\(Self.fetch)`) and reload.",
            .hitch: "hitch serves `ocsp-resp-file` unverified unless `ocsp-verify-staple = on`: replace the file (`\(Self.fetch)`) and turn that on.",
            .lighttpd: "Replace `ssl.stapling-file` with a verified DER response (`\(Self.fetch)`).",
        ]
        case .stopPassingErrors: [
            .nginx: "nginx staples only successful responses; a file-based `ssl_stapling_file` holding an error must be replaced (`\(Self.fetch)`).",
            .apache: "`SSLStaplingReturnResponderErrors off` and `SSLStaplingFakeTryLater off`: clients then get no staple rather than an error; and let the server reach the responder.",
            .haproxy: "HAProxy refuses an unsuccessful `.ocsp` at load; refresh the file (`\(Self.fetch)`).",
            .caddy: "Caddy keeps its last good staple; check its log for OCSP errors and its outbound access.",
            .exim: "Replace `tls_ocsp_file` (`\(Self.fetch)` refuses error answers) and reload.",
            .hitch: "Replace `ocsp-resp-file` (`\(Self.fetch)`), or let `ocsp-dir` fetch.",
            .lighttpd: "Replace `ssl.stapling-file` (`\(Self.fetch)`).",
        ]
        case .replaceCertificate: Dictionary(uniqueKeysWithValues: Server.allCases.map { server in
            (server, "Install a newly issued certificate (a new key after keyCompromise) and reload\(server == .caddy ? " (Caddy replaces managed certificates it finds revoked)" : ""); no stapling setting helps.")
        })
        case .reissueCertificate: Dictionary(uniqueKeysWithValues: Server.allCases.map { server in
            (server, "Nothing in \(server.name) fixes the certificate: reissue it (without must-staple if its CA has no responder, or from the CA whose responder it names) and install it.")
        })
        case .reachResponder: [
            .nginx: "The server must reach the OCSP URL: a working `resolver`, outbound HTTP (proxy/firewall), `ssl_stapling_responder` only when needed; nginx keeps serving a still valid cached staple.",
            .apache: "Check outbound HTTP to the OCSP URL and `SSLStaplingResponderTimeout`; `SSLStaplingFakeTryLater off` so that a failure sends no staple rather than a fake tryLater.",
            .haproxy: "Fetch out of band (`\(Self.fetch)` keeps the last good file when the responder fails) and load the file.",
            .caddy: "Caddy retries and keeps its last good staple; check outbound HTTP from the server.",
            .exim: "Fetch out of band (`\(Self.fetch)` keeps the last good file) into `tls_ocsp_file`.",
            .hitch: "With `ocsp-dir`, hitch must reach the responder (`ocsp-connect-tmo`, `ocsp-resp-tmo`); or fetch out of band into `ocsp-resp-file`.",
            .lighttpd: "Fetch out of band (`\(Self.fetch)` keeps the last good file) into `ssl.stapling-file`.",
        ]
        case .caSide: Dictionary(uniqueKeysWithValues: Server.allCases.map { server in
            (server, "Nothing to change in \(server.name): raise it with the CA. Meanwhile keep the last good staple until a refresh succeeds (`staplecheck fetch` never replaces a good file with a failure).")
        })
        case .serveChain: [
            .nginx: "`ssl_certificate` must point at the full chain (leaf then intermediates); `ssl_trusted_certificate` at the issuer for `ssl_stapling_verify`.",
            .apache: "`SSLCertificateFile` with the intermediates appended (2.4.8+), or `SSLCertificateChainFile`.",
            .haproxy: "The `crt` PEM holds the leaf, its intermediates and the key; `<cert>.issuer` when the issuer is not in it.",
            .caddy: "Caddy serves the chain its ACME CA sends; for `tls cert.pem key.pem` give the full-chain file.",
            .exim: "`tls_certificate` must hold the leaf followed by the intermediates.",
            .hitch: "`pem-file` must hold the key, the leaf and the intermediates.",
            .lighttpd: "`ssl.pemfile` with the leaf and intermediates (or `ssl.ca-file` for the chain), `ssl.privkey` for the key.",
        ]
        case .alignDeployment: Dictionary(uniqueKeysWithValues: Server.allCases.map { server in
            (server, "Give every \(server.name) instance and every certificate behind the name the same stapling configuration and staple source; check each with `staplecheck --address IP`.")
        })
        case .nothing: Dictionary(uniqueKeysWithValues: Server.allCases.map { server in
            (server, "Nothing to change in \(server.name).")
        })
        }
    }

    var serverFixes: [ServerFix] {
        let fixes = self.fixes
        return Server.allCases.compactMap { server in fixes[server].map { ServerFix(server: server, fix: $0) } }
    }
}
