/// The staple pattern over one endpoint's handshakes, in the order they were made: a cold
/// cache (unstapled first, stapled from then on), intermittent stapling, or stapling on
/// one TLS version only. Pure: a function of the sequence and the certificate's must-staple.
public struct HandshakeSequence: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var tlsVersion: TLSVersion
        public var stapled: Bool

        public init(_ tlsVersion: TLSVersion, stapled: Bool) {
            self.tlsVersion = tlsVersion
            self.stapled = stapled
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry]) {
        self.entries = entries
    }

    init(_ captures: [HandshakeCapture]) {
        entries = captures.map { Entry($0.tlsVersion, stapled: $0.stapled) }
    }

    /// The versions handshakes completed on, in the order first seen.
    var versions: [TLSVersion] {
        entries.map(\.tlsVersion).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// Versions that stapled at least once.
    var stapledVersions: [TLSVersion] { versions.filter { v in entries.contains { $0.tlsVersion == v && $0.stapled } } }

    /// Versions that never stapled while another version did.
    var versionsWithoutStaple: [TLSVersion] {
        let stapled = stapledVersions
        return stapled.isEmpty ? [] : versions.filter { !stapled.contains($0) }
    }

    /// The findings the pattern calls for; none when every handshake was stapled, or none
    /// was (the missing staple is judged with the certificate).
    public func findings(mustStaple: Bool) -> [Finding] {
        let stapled = stapledVersions
        guard !stapled.isEmpty else { return [] }
        var findings = versionsWithoutStaple.map {
            Finding.stapleTLSVersionMismatch(without: $0, with: stapled, mustStaple: mustStaple).located(address: nil, keyType: nil, tlsVersion: $0)
        }
        let considered = entries.filter { stapled.contains($0.tlsVersion) }.map(\.stapled)
        let count = considered.filter { $0 }.count
        guard count < considered.count, let first = considered.firstIndex(of: true) else { return findings }
        if considered[first...].allSatisfy({ $0 }) {
            findings.append(.stapleColdCache(unstapled: first, of: considered.count, mustStaple: mustStaple))
        } else {
            findings.append(.stapleIntermittent(stapled: count, of: considered.count, mustStaple: mustStaple))
        }
        return findings
    }
}

extension Finding {
    static func stapleColdCache(unstapled: Int, of count: Int, mustStaple: Bool) -> Finding {
        let first = unstapled == 1 ? "The first handshake" : "The first \(unstapled) handshakes"
        let impact = mustStaple
            ? "; the certificate is must-staple, so the first visitors after every start or reload are refused by Firefox"
            : "; the first visitors after every start or reload get no staple"
        return Finding(.stapleColdCache, escalated: mustStaple,
                       message: "\(first) of \(count) carried no staple and every later one did: the server's stapling cache was cold and filled in the background\(impact).",
                       fix: "nginx fetches the response only after the first status request, in each worker, after every start and reload: warm the cache after every reload (`openssl s_client -status` or `staplecheck` once per worker), or use file-based stapling — `ssl_stapling_file` kept fresh by `staplecheck fetch` from a timer, then `nginx -s reload` — which staples from the first handshake.")
    }

    static func stapleIntermittent(stapled: Int, of count: Int, mustStaple: Bool) -> Finding {
        Finding(.stapleIntermittent, escalated: mustStaple,
                message: "\(stapled) of \(count) handshakes carried a staple, with no warm-up pattern: several workers or backends behind this address staple differently"
                    + (mustStaple ? "; the certificate is must-staple, so Firefox refuses the connections that get none." : "."),
                fix: "Check each backend with `--address` and give every one the same stapling configuration; with nginx `worker_processes` > 1 every worker fills its own cache — file-based stapling (`ssl_stapling_file`, refreshed by `staplecheck fetch`) serves the same staple from every worker.")
    }

    static func stapleTLSVersionMismatch(without version: TLSVersion, with stapled: [TLSVersion], mustStaple: Bool) -> Finding {
        Finding(.stapleTLSVersionMismatch, escalated: mustStaple,
                message: "Handshakes on \(version) carried no staple while those on \(stapled.map(\.rawValue).joined(separator: " and ")) did"
                    + (mustStaple ? "; the certificate is must-staple, so clients that negotiate \(version) are refused." : "."),
                fix: "Serve both TLS versions from the same TLS stack and stapling configuration (one terminator, one `server` block); a TLS 1.2 CertificateStatus is also refused by some clients when large — keep the response small (no extra embedded certificates).")
    }
}
