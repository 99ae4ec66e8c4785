import Foundation
import Testing

/// Every address, every certificate, both TLS versions, repeated handshakes — against real
/// servers on loopback aliases (127.0.0.2, 127.0.0.3, … answer on `lo` with no set-up),
/// named through `--address` or a private mount namespace's /etc/hosts, never DNS.
@Suite("Deployments: several addresses, certificates, versions and handshakes")
struct DeploymentCheckTests {
    func server(_ leaf: String, staple: String?, accept: String = "127.0.0.1:0", flags: [String] = [], lab: Lab) throws -> OpenSSLServer {
        var args = ["-cert", lab.path("\(leaf).pem"), "-key", lab.path("\(leaf).key"), "-cert_chain", lab.path("int.pem")]
        if let staple { args += ["-status_file", lab.response(staple)] }
        return try OpenSSLServer(args + flags, lab: lab, accept: accept)
    }

    func endpoints(_ run: CLIRun) -> [[String: Any]] { (run.json?["endpoints"] as? [[String: Any]]) ?? [] }

    func findings(_ run: CLIRun, _ code: String) -> [[String: Any]] {
        ((run.json?["findings"] as? [[String: Any]]) ?? []).filter { $0["code"] as? String == code }
    }

    /// Runs staplecheck with `arguments` in a private mount namespace whose /etc/hosts is
    /// `hosts` and whose resolv.conf points at nothing (a name outside /etc/hosts fails fast).
    func withHosts(_ hosts: String, _ arguments: [String]) throws -> CLIRun {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-hosts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let hostsFile = dir.appendingPathComponent("hosts").path, resolv = dir.appendingPathComponent("resolv.conf").path
        try hosts.write(toFile: hostsFile, atomically: true, encoding: .utf8)
        try "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n".write(toFile: resolv, atomically: true, encoding: .utf8)
        let script = "mount --bind \"$1\" /etc/hosts && mount --bind \"$2\" /etc/resolv.conf && shift 2 && exec \"$@\""
        let r = try Subprocess.run(["timeout", "-s", "KILL", "60", "unshare", "-m", "sh", "-c", script, "sh", hostsFile, resolv, Paths.binary]
                                   + arguments)
        return CLIRun(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

    @Test("Three backends on one port: a good one, one with an expired staple, one refusing")
    func backends() async throws {
        let lab = try await Lab.shared()
        let good = try server("good", staple: "good", accept: "127.0.0.2:0", lab: lab)
        defer { good.stop() }
        let port = good.port
        let expired = try server("good", staple: "expired", accept: "127.0.0.3:\(port)", lab: lab)
        defer { expired.stop() }
        let args = ["good.test:\(port)", "--address", "127.0.0.2", "--address", "127.0.0.3", "--address", "127.0.0.4",
                    "--ca-file", lab.caBundle, "--no-live"]
        let run = try CLIRun.run(args + ["--format", "json"])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.value("target.address") as? String == "127.0.0.2:\(port)")
        #expect(run.value("target.serverName") as? String == "good.test")
        #expect(run.value("staple.certStatus") as? String == "good", "the top level is the primary (first) address")
        let all = endpoints(run)
        #expect(all.map { $0["address"] as? String } == ["127.0.0.2:\(port)", "127.0.0.3:\(port)", "127.0.0.4:\(port)"])
        #expect(all.map { $0["verdict"] as? String } == ["ok", "critical", "error"])
        #expect(((all.last?["error"] as? [String: Any])?["code"] as? String) == "refused")
        #expect(((all.last?["error"] as? [String: Any])?["reason"] as? String) == "unreachable")
        #expect(findings(run, "staple-expired").map { $0["address"] as? String } == ["127.0.0.3:\(port)"])
        #expect(findings(run, "addresses-differ").map { $0["address"] as? String } == ["127.0.0.3:\(port)"])
        #expect(findings(run, "address-unreachable").map { $0["address"] as? String } == ["127.0.0.4:\(port)"])
        #expect((findings(run, "addresses-differ").first?["message"] as? String)?.contains("staple-expired") == true)

        let text = try CLIRun.run(args)
        #expect(text.status == 2)
        #expect(text.stdout.contains("127.0.0.3:\(port)  RSA  TLSv1.3 TLSv1.2"))
        #expect(text.stdout.contains("ERROR: connection refused by 127.0.0.4:\(port)"))
    }

    @Test("One name with A and AAAA records in /etc/hosts (a private mount namespace): every address is checked; --max-addresses caps them")
    func resolvedAddresses() async throws {
        let lab = try await Lab.shared()
        let first = try server("good", staple: "good", accept: "127.0.0.2:0", lab: lab)
        defer { first.stop() }
        let second = try server("good", staple: "good", accept: "127.0.0.3:\(first.port)", lab: lab)
        defer { second.stop() }
        let third = try server("good", staple: "good", accept: "[::1]:\(first.port)", lab: lab)
        defer { third.stop() }
        func check(_ extra: [String]) throws -> CLIRun {
            try withHosts("127.0.0.2 multi.test\n127.0.0.3 multi.test\n::1 multi.test\n",
                          ["multi.test:\(first.port)", "--ca-file", lab.caBundle, "--no-live", "--format", "json"] + extra)
        }
        let run = try check([])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(Set(endpoints(run).compactMap { $0["address"] as? String })
                == ["127.0.0.2:\(first.port)", "127.0.0.3:\(first.port)", "[::1]:\(first.port)"])
        #expect(run.value("target.serverName") as? String == "multi.test")
        #expect(run.findingCodes.isEmpty)

        let capped = try check(["--max-addresses", "2"])
        #expect(capped.status == 0)
        #expect(endpoints(capped).count == 2)
        #expect(capped.findingCodes == ["addresses-capped"])
    }

    @Test("One name on 127.0.0.2, 127.0.0.3 and ::1 (a private /etc/hosts): ::1 serves an expired staple, 127.0.0.3 refuses; each is named")
    func resolvedBadBackends() async throws {
        let lab = try await Lab.shared()
        let good = try server("good", staple: "good", accept: "127.0.0.2:0", lab: lab)
        defer { good.stop() }
        let port = good.port
        let bad = try server("good", staple: "expired", accept: "[::1]:\(port)", lab: lab)
        defer { bad.stop() }
        // Nothing listens on 127.0.0.3:port: the kernel refuses.
        let hosts = "127.0.0.2 bad.test\n127.0.0.3 bad.test\n::1 bad.test\n"
        let args = ["bad.test:\(port)", "--ca-file", lab.caBundle, "--no-live"]
        let run = try withHosts(hosts, args + ["--format", "json"])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.value("verdict") as? String == "critical")
        let all = endpoints(run)
        var verdicts: [String: String] = [:]
        for endpoint in all { verdicts[endpoint["address"] as? String ?? "?"] = endpoint["verdict"] as? String }
        #expect(verdicts == ["127.0.0.2:\(port)": "ok", "127.0.0.3:\(port)": "error", "[::1]:\(port)": "critical"], "\(run.stdout)")
        #expect(findings(run, "staple-expired").map { $0["address"] as? String } == ["[::1]:\(port)"])
        #expect(findings(run, "staple-expired").first?["keyType"] as? String == "RSA")
        #expect(findings(run, "addresses-differ").map { $0["address"] as? String } == ["[::1]:\(port)"])
        #expect(findings(run, "address-unreachable").map { $0["address"] as? String } == ["127.0.0.3:\(port)"])

        let text = try withHosts(hosts, args)
        #expect(text.status == 2)
        #expect(text.stdout.range(of: #"\[::1\]:\#(port) +RSA  TLSv1\.3 TLSv1\.2  (\d)/\1 +CRITICAL"#, options: .regularExpression) != nil,
                "\(text.stdout)")
        #expect(text.stdout.contains("ERROR: connection refused by 127.0.0.3:\(port)"))
        #expect(text.stdout.contains("CRITICAL staple-expired ([::1]:\(port) RSA"))
    }

    @Test("An RSA and an ECDSA certificate side by side with one staple file: the ECDSA one carries the RSA one's staple")
    func oneFileForTwoCertificates() async throws {
        let lab = try await Lab.shared()
        let s = try OpenSSLServer(["-cert", lab.path("good.pem"), "-key", lab.path("good.key"), "-cert_chain", lab.path("int.pem"),
                                   "-dcert", lab.path("ecdsa.pem"), "-dkey", lab.path("ecdsa.key"), "-dcert_chain", lab.path("int.pem"),
                                   "-status_file", lab.response("good")], lab: lab)
        defer { s.stop() }
        let run = try CLIRun.run(["127.0.0.1:\(s.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live", "--format", "json"])
        #expect(run.status == 2, "\(run.stdout)")
        let all = endpoints(run)
        #expect(Set(all.compactMap { $0["keyType"] as? String }) == ["RSA", "ECDSA"])
        let ecdsa = try #require(all.first { $0["keyType"] as? String == "ECDSA" })
        let rsa = try #require(all.first { $0["keyType"] as? String == "RSA" })
        #expect(ecdsa["verdict"] as? String == "critical" && rsa["verdict"] as? String == "ok")
        #expect((ecdsa["tlsVersions"] as? [String]) == ["TLSv1.3", "TLSv1.2"])
        #expect(findings(run, "staple-wrong-certificate").map { $0["keyType"] as? String } == ["ECDSA"])
        let differ = try #require(findings(run, "certificates-differ").first)
        #expect(differ["keyType"] as? String == "ECDSA")
        #expect((differ["message"] as? String)?.contains("its staple is the response for the RSA certificate") == true)
    }

    @Test("A server holding an Ed25519 certificate beside its RSA one: the Ed25519-only handshake finds it")
    func ed25519() async throws {
        let lab = try await Lab.shared()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-ed25519-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for step in [["genpkey", "-algorithm", "ed25519", "-out", dir + "/ed.key"],
                     ["req", "-new", "-key", dir + "/ed.key", "-subj", "/CN=ed25519.test", "-out", dir + "/ed.csr"],
                     ["x509", "-req", "-in", dir + "/ed.csr", "-CA", lab.path("int.pem"), "-CAkey", lab.path("int.key"), "-days", "2",
                      "-out", dir + "/ed.pem"]] {
            let r = try Subprocess.run(["openssl"] + step)
            try #require(r.status == 0, "\(step): \(r.stderr)")
        }
        let s = try OpenSSLServer(["-cert", lab.path("good.pem"), "-key", lab.path("good.key"), "-cert_chain", lab.path("int.pem"),
                                   "-dcert", dir + "/ed.pem", "-dkey", dir + "/ed.key", "-dcert_chain", lab.path("int.pem"),
                                   "-status_file", lab.response("good")], lab: lab)
        defer { s.stop() }
        let run = try CLIRun.run(["127.0.0.1:\(s.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live", "--format", "json"])
        let all = endpoints(run)
        #expect(Set(all.compactMap { $0["keyType"] as? String }) == ["RSA", "Ed25519"], "\(run.stdout)")
        let ed = try #require(all.first { $0["keyType"] as? String == "Ed25519" })
        #expect((ed["certificate"] as? [String: Any])?["subject"] as? String == "CN=ed25519.test")
        #expect(findings(run, "staple-wrong-certificate").map { $0["keyType"] as? String } == ["Ed25519"])
    }

    @Test("nginx with an RSA and an ECDSA certificate and live stapling: a cold cache after start, each certificate stapled with its own response once warm")
    func nginxColdCache() async throws {
        let lab = try await Lab.shared()
        let dir = lab.dir + "/nginx-cold-\(UUID().uuidString)"
        let nginx = try NginxServer(certificates: [(lab.path("good.chain.pem"), lab.path("good.key")),
                                                   (lab.path("ecdsa.chain.pem"), lab.path("ecdsa.key"))],
                                    stapling: .live, dir: dir)
        defer { nginx.stop() }
        let args = ["127.0.0.1:\(nginx.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live", "--format", "json"]
        let cold = try CLIRun.run(args)
        #expect(cold.status == 1, "\(cold.stdout)")
        let all = endpoints(cold)
        #expect(Set(all.compactMap { $0["keyType"] as? String }) == ["RSA", "ECDSA"])
        let coldCache = findings(cold, "staple-cold-cache")
        #expect(!coldCache.isEmpty && coldCache.allSatisfy { $0["severity"] as? String == "warning" })
        #expect(cold.findingCodes.allSatisfy { $0 == "staple-cold-cache" }, "\(cold.findingCodes)")
        for endpoint in all {
            let sequence = ((endpoint["handshakes"] as? [String: Any])?["sequence"] as? [Bool]) ?? []
            #expect(sequence.last == true, "every certificate stapled once the cache is warm: \(sequence)")
            #expect(endpoint["tlsVersions"] as? [String] == ["TLSv1.3", "TLSv1.2"])
        }
        #expect(((all.first?["handshakes"] as? [String: Any])?["sequence"] as? [Bool])?.first == false, "the first handshake after start")
        let ratio = try #require(cold.value("handshakes.ratio") as? Double)
        #expect(ratio > 0 && ratio < 1)

        let warm = try CLIRun.run(args)
        #expect(warm.status == 0, "\(warm.stdout)")
        #expect(warm.findingCodes.isEmpty)
        #expect(warm.value("handshakes.ratio") as? Double == 1)
    }

    @Test("nginx with a must-staple certificate and live stapling: the cold cache is critical (the first visitors are refused)")
    func nginxMustStapleColdCache() async throws {
        let lab = try await Lab.shared()
        let nginx = try NginxServer(certificates: [(lab.path("muststaple.chain.pem"), lab.path("muststaple.key"))], stapling: .live,
                                    dir: lab.dir + "/nginx-muststaple-\(UUID().uuidString)")
        defer { nginx.stop() }
        let run = try CLIRun.run(["127.0.0.1:\(nginx.port)", "--servername", "muststaple.test", "--ca-file", lab.caBundle, "--no-live",
                                  "--format", "json"])
        #expect(run.status == 2, "\(run.stdout)")
        #expect(run.findingCodes == ["staple-cold-cache"])
        #expect(run.severity("staple-cold-cache") == "critical")
        #expect((run.finding("staple-cold-cache")?["message"] as? String)?.contains("must-staple") == true)
        #expect(run.value("stapled") as? Bool == true, "the primary endpoint stapled once warm")
    }

    @Test("No staple at all under a short --timeout: the backoff gives way and the check still reports")
    func backoffInsideTimeout() async throws {
        let lab = try await Lab.shared()
        let s = try server("good", staple: nil, lab: lab)
        defer { s.stop() }
        let run = try CLIRun.run(["127.0.0.1:\(s.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live",
                                  "--timeout", "0.7", "--format", "json"])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.findingCodes == ["staple-missing"])
        #expect(run.value("handshakes.stapled") as? Int == 0)
        // 250 ms after the first unstapled handshake; the 500 ms wait would leave too little
        // of the 0.7 s and is skipped, so the TLS 1.2 handshake still happens.
        #expect((run.value("handshakes.count") as? Int ?? 0) >= 3, "every version checked, whatever the waits")
        #expect((run.value("endpoints") as? [[String: Any]])?.first?["tlsVersions"] as? [String] == ["TLSv1.3", "TLSv1.2"])
    }

    @Test("Two backends behind one address, one stapling and one not: intermittent, not a cold cache")
    func intermittent() async throws {
        let lab = try await Lab.shared()
        let stapling = try server("good", staple: "good", lab: lab)
        defer { stapling.stop() }
        let bare = try server("good", staple: nil, lab: lab)
        defer { bare.stop() }
        // Every third connection to the backend without a staple: the first handshake is stapled.
        let proxy = try RoundRobinProxy(backends: [stapling.port, bare.port]) { $0 % 3 == 0 ? 1 : 0 }
        defer { proxy.stop() }
        let run = try CLIRun.run(["127.0.0.1:\(proxy.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live",
                                  "--format", "json"])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.findingCodes == ["staple-intermittent"])
        let sequence = (run.value("endpoints") as? [[String: Any]])?.first.flatMap { ($0["handshakes"] as? [String: Any])?["sequence"] as? [Bool] }
        #expect(sequence?.first == true && sequence?.contains(false) == true)
    }

    @Test("TLS 1.2-only and TLS 1.3-only servers: the versions checked are the ones spoken", arguments: [("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")])
    func oneVersion(_ flag: String, _ version: String) async throws {
        let lab = try await Lab.shared()
        let s = try server("good", staple: "good", flags: [flag], lab: lab)
        defer { s.stop() }
        let run = try CLIRun.run(["127.0.0.1:\(s.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live", "--format", "json"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(endpoints(run).map { $0["tlsVersions"] as? [String] } == [[version]])
        #expect(run.findingCodes.isEmpty)
        #expect(run.value("tls.version") as? String == version)
    }

    @Test("An address this machine has no route to (IPv6 in a private network namespace with only lo) is not checked and fails nothing")
    func notRoutable() async throws {
        let lab = try await Lab.shared()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-netns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("s_server.log").path
        // Inside `unshare -n` only lo exists (brought up here): 127.0.0.1 works, and no
        // IPv6 address outside ::1 has a route, so connect(2) fails before any packet.
        let script = """
            ip link set lo up || exit 90
            timeout -s KILL 60 openssl s_server -accept 127.0.0.1:4433 -www -cert "$1" -key "$2" -cert_chain "$3" -status_file "$4" >"$5" 2>&1 &
            server=$!
            i=0
            until grep -q ACCEPT "$5"; do i=$((i + 1)); [ $i -gt 100 ] && exit 91; sleep 0.05; done
            shift 5
            "$@"
            rc=$?
            # TERM, not KILL: timeout passes TERM on to s_server; a killed timeout would leave
            # s_server running in the namespace.
            kill $server
            wait $server
            exit $rc
            """
        func check(_ addresses: [String]) throws -> CLIRun {
            let r = try Subprocess.run(["timeout", "-s", "KILL", "60", "unshare", "-n", "sh", "-c", script, "sh",
                                        lab.path("good.pem"), lab.path("good.key"), lab.path("int.pem"), lab.response("good"), log,
                                        Paths.binary, "good.test:4433", "--ca-file", lab.caBundle, "--no-live", "--format", "json"]
                                       + addresses.flatMap { ["--address", $0] })
            return CLIRun(status: r.status, stdout: r.stdout, stderr: r.stderr)
        }
        let mixed = try check(["2001:db8::1", "127.0.0.1"])
        #expect(mixed.status == 0, "\(mixed.stdout)\(mixed.stderr)")
        #expect(mixed.findingCodes.isEmpty)
        #expect(mixed.value("target.address") as? String == "127.0.0.1:4433")
        let error = endpoints(mixed).first?["error"] as? [String: Any]
        #expect(error?["reason"] as? String == "not-routable")
        #expect(endpoints(mixed).first?["address"] as? String == "[2001:db8::1]:4433")

        let only = try check(["2001:db8::1"])
        #expect(only.status == 3, "no address could be checked: \(only.stdout)")
        #expect(only.value("error.code") as? String == "unreachable")
    }

    @Test("--probes 1: one handshake per certificate and version, plus the ordinary one")
    func singleProbe() async throws {
        let lab = try await Lab.shared()
        let s = try server("good", staple: "good", lab: lab)
        defer { s.stop() }
        let base = ["127.0.0.1:\(s.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live", "--format", "json"]
        let one = try CLIRun.run(base + ["--probes", "1"])
        let three = try CLIRun.run(base)
        // ordinary (1.3) + RSA-only (1.3) + TLS 1.2; three probes add two rounds of two.
        #expect(one.value("handshakes.count") as? Int == 3, "\(one.stdout)")
        #expect(three.value("handshakes.count") as? Int == 7)
        #expect(three.value("handshakes.stapled") as? Int == 7)
    }
}
