import Foundation
import Testing

/// Debian's Apache 2.4 mod_ssl with `SSLUseStapling on` and an `SSLStaplingCache`, checked by
/// the real binary: it fetches inside the first handshake that asks for status (no cold
/// cache), and when the responder is down it staples a response it makes up, `tryLater`
/// (`SSLStaplingFakeTryLater`, on by default).
@Suite("Apache mod_ssl: stapled from the first handshake; its fake tryLater when the responder is down")
struct ApacheStaplingTests {
    @Test("An RSA and an ECDSA certificate, the lab's responder up: every handshake stapled from the very first, each with its own response")
    func synchronous() async throws {
        let lab = try await Lab.shared()
        let apache = try ApacheServer(certificates: [(lab.path("good.chain.pem"), lab.path("good.key")),
                                                     (lab.path("ecdsa.chain.pem"), lab.path("ecdsa.key"))],
                                      serverName: "good.test", trust: lab.caBundle, dir: lab.dir + "/apache-sync-\(UUID().uuidString)")
        defer { apache.stop() }
        let args = ["127.0.0.1:\(apache.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live"]
        let first = try await CLIRun.execute(args + ["--format", "json"])
        #expect(first.status == 0, "the first check after start: \(first.stdout)\(apache.log)")
        #expect(first.findingCodes.isEmpty)
        #expect(Set(first.endpoints.compactMap { $0["keyType"] as? String }) == ["RSA", "ECDSA"])
        for endpoint in first.endpoints {
            let sequence = handshakeSequence(endpoint)
            #expect(!sequence.isEmpty && sequence.allSatisfy { $0 }, "no cold cache: \(endpoint["keyType"] ?? "") \(sequence)")
            #expect(endpoint["tlsVersions"] as? [String] == ["TLSv1.3", "TLSv1.2"])
            #expect((endpoint["staple"] as? [String: Any])?["certStatus"] as? String == "good")
        }
        #expect((first.endpoint("ECDSA")?["certificate"] as? [String: Any])?["subject"] as? String == "CN=ecdsa.test")
        #expect(first.value("handshakes.ratio") as? Double == 1)

        let text = try await CLIRun.execute(args)
        #expect(text.status == 0, "\(text.stdout)")
        #expect(text.stdout.contains("Verdict: OK"))
        for keyType in ["RSA  ", "ECDSA"] {
            #expect(text.stdout.range(of: #"127\.0\.0\.1:\d+  \#(keyType)  TLSv1\.3 TLSv1\.2  (\d)/\1 +OK"#, options: .regularExpression) != nil,
                    "\(keyType): \(text.stdout)")
        }
    }

    @Test("The responder down: Apache staples its own tryLater on every handshake (SSLStaplingFakeTryLater) — staple-unsuccessful, critical")
    func fakeTryLater() async throws {
        let bench = try await Bench("apache-down")
        let leaf = try bench.leaf("down", ocsp: "http://127.0.0.1:\(refusingPort())/")
        let apache = try ApacheServer(certificates: [(leaf.chain, leaf.key)], serverName: leaf.serverName, trust: bench.lab.caBundle,
                                      dir: bench.path("apache"))
        defer { apache.stop() }
        let args = ["127.0.0.1:\(apache.port)", "--servername", leaf.serverName, "--ca-file", bench.lab.caBundle]
        let run = try await CLIRun.execute(args + ["--format", "json"])
        #expect(run.status == 2, "\(run.stdout)")
        #expect(run.value("staple.responseStatus") as? String == "tryLater")
        #expect(run.value("handshakes.ratio") as? Double == 1, "a staple on every handshake — an error, not a status")
        let finding = try #require(run.finding("staple-unsuccessful"))
        #expect(finding["severity"] as? String == "critical")
        #expect(finding["keyType"] as? String == "ECDSA" && finding["address"] as? String == "127.0.0.1:\(apache.port)")
        #expect((finding["message"] as? String)?.contains("tryLater") == true)
        #expect((finding["fix"] as? String)?.contains("SSLStaplingFakeTryLater off") == true)
        // Asking the CA shows why: Apache could not reach it either.
        #expect(run.findingCodes.contains("responder-unreachable"), "\(run.findingCodes)")
        #expect(!run.findingCodes.contains("staple-cold-cache") && !run.findingCodes.contains("staple-intermittent"))

        let text = try await CLIRun.execute(args)
        #expect(text.status == 2)
        #expect(text.stdout.contains("response     tryLater"), "\(text.stdout)")
        #expect(text.stdout.contains("CRITICAL staple-unsuccessful (127.0.0.1:\(apache.port) ECDSA)"))
        #expect(text.stdout.contains("SSLStaplingFakeTryLater off"))
    }

    @Test("The responder down with SSLStaplingFakeTryLater off: no staple at all — staple-missing, whose fix names Apache's directives")
    func noFakeTryLater() async throws {
        let bench = try await Bench("apache-down-nofake")
        let leaf = try bench.leaf("nofake", ocsp: "http://127.0.0.1:\(refusingPort())/")
        let apache = try ApacheServer(certificates: [(leaf.chain, leaf.key)], serverName: leaf.serverName, trust: bench.lab.caBundle,
                                      dir: bench.path("apache"), directives: ["SSLStaplingFakeTryLater off"])
        defer { apache.stop() }
        let args = ["127.0.0.1:\(apache.port)", "--servername", leaf.serverName, "--ca-file", bench.lab.caBundle, "--no-live"]
        let run = try await CLIRun.execute(args + ["--format", "json"])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.findingCodes == ["staple-missing"])
        #expect(run.value("handshakes.stapled") as? Int == 0)
        #expect((run.finding("staple-missing")?["fix"] as? String)?.contains("SSLUseStapling on") == true)
        let text = try await CLIRun.execute(args)
        #expect(text.status == 1)
        #expect(text.stdout.contains("WARNING  staple-missing (127.0.0.1:\(apache.port) ECDSA)"), "\(text.stdout)")
    }
}
