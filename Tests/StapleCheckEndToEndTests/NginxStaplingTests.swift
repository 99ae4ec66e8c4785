import Foundation
import Testing

/// Debian's nginx as users run it, checked by the real binary: live `ssl_stapling` from the
/// lab's `openssl ocsp` responder across `nginx -s reload`, and one `ssl_stapling_file` for
/// an RSA and an ECDSA certificate. (The cold cache right after start, with both
/// certificates stapled once warm: DeploymentCheckTests.)
@Suite("nginx: the cold cache after a reload, one staple file for two certificates")
struct NginxStaplingTests {
    @Test("nginx -s reload empties the stapling cache: a cold cache again after every reload, stapled on the later handshakes")
    func reload() async throws {
        let lab = try await Lab.shared()
        let nginx = try NginxServer(certificates: [(lab.path("good.chain.pem"), lab.path("good.key"))], stapling: .live,
                                    dir: lab.dir + "/nginx-reload-\(UUID().uuidString)", masterProcess: true)
        defer { nginx.stop() }
        let args = ["127.0.0.1:\(nginx.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live"]
        let started = try await CLIRun.execute(args + ["--format", "json"])
        #expect(started.findingCodes == ["staple-cold-cache"], "\(started.stdout)")
        let warm = try await CLIRun.execute(args + ["--format", "json"])
        #expect(warm.status == 0, "\(warm.stdout)")
        #expect(warm.findingCodes.isEmpty)
        #expect(handshakeSequence(warm.endpoint("RSA")).allSatisfy { $0 })

        try nginx.reload()
        let reloaded = try await CLIRun.execute(args + ["--format", "json"])
        #expect(reloaded.status == 1, "\(reloaded.stdout)")
        #expect(reloaded.findingCodes == ["staple-cold-cache"])
        let finding = try #require(reloaded.finding("staple-cold-cache"))
        #expect(finding["severity"] as? String == "warning")
        #expect(finding["address"] as? String == "127.0.0.1:\(nginx.port)" && finding["keyType"] as? String == "RSA")
        #expect((finding["fix"] as? String)?.contains("reload") == true)
        let sequence = handshakeSequence(reloaded.endpoint("RSA"))
        #expect(sequence.first == false && sequence.last == true, "unstapled right after the reload, stapled later: \(sequence)")
        #expect(reloaded.value("stapled") as? Bool == true, "the primary endpoint is judged on its stapled handshakes")
        let ratio = try #require(reloaded.value("handshakes.ratio") as? Double)
        #expect(ratio > 0 && ratio < 1)

        // Every reload, not just the first: and in text.
        try nginx.reload()
        let text = try await CLIRun.execute(args)
        #expect(text.status == 1, "\(text.stdout)")
        #expect(text.stdout.contains("Verdict: WARNING"))
        #expect(text.stdout.contains("WARNING  staple-cold-cache (127.0.0.1:\(nginx.port) RSA"), "\(text.stdout)")
        #expect(text.stdout.range(of: #"127\.0\.0\.1:\d+  RSA  TLSv1\.3 TLSv1\.2  [1-6]/7 "#, options: .regularExpression) != nil,
                "some but not all of the handshakes stapled: \(text.stdout)")
    }

    @Test("nginx with an RSA and an ECDSA certificate and one ssl_stapling_file: the ECDSA certificate is stapled with the RSA one's response")
    func oneStaplingFile() async throws {
        let lab = try await Lab.shared()
        let nginx = try NginxServer(certificates: [(lab.path("good.chain.pem"), lab.path("good.key")),
                                                   (lab.path("ecdsa.chain.pem"), lab.path("ecdsa.key"))],
                                    stapling: .file(lab.response("good")), dir: lab.dir + "/nginx-onefile-\(UUID().uuidString)")
        defer { nginx.stop() }
        let args = ["127.0.0.1:\(nginx.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live"]
        let run = try await CLIRun.execute(args + ["--format", "json"])
        #expect(run.status == 2, "\(run.stdout)")
        let rsa = try #require(run.endpoint("RSA")), ecdsa = try #require(run.endpoint("ECDSA"))
        #expect(rsa["verdict"] as? String == "ok" && ecdsa["verdict"] as? String == "critical")
        #expect(rsa["stapled"] as? Bool == true && ecdsa["stapled"] as? Bool == true, "nginx staples the file on both")
        #expect((ecdsa["staple"] as? [String: Any])?["certStatus"] as? String == "good", "a good response, for the other certificate")
        let wrong = run.findings("staple-wrong-certificate")
        #expect(wrong.map { $0["keyType"] as? String } == ["ECDSA"])
        #expect(wrong.first?["address"] as? String == "127.0.0.1:\(nginx.port)")
        let differ = try #require(run.findings("certificates-differ").first)
        #expect(differ["keyType"] as? String == "ECDSA")
        #expect((differ["message"] as? String)?.contains("its staple is the response for the RSA certificate") == true, "\(differ)")
        #expect((differ["fix"] as? String)?.contains("ssl_stapling_file") == true)
        #expect(Set(run.findingCodes) == ["staple-wrong-certificate", "certificates-differ"], "\(run.findingCodes)")

        let text = try await CLIRun.execute(args)
        #expect(text.status == 2)
        #expect(text.stdout.range(of: #"127\.0\.0\.1:\d+  ECDSA  TLSv1\.3 TLSv1\.2  (\d)/\1 +CRITICAL"#, options: .regularExpression) != nil,
                "every ECDSA handshake stapled, and critical: \(text.stdout)")
        #expect(text.stdout.contains("127.0.0.1:\(nginx.port)  RSA    TLSv1.3 TLSv1.2"))
        #expect(text.stdout.contains("CRITICAL staple-wrong-certificate (127.0.0.1:\(nginx.port) ECDSA"))
        #expect(text.stdout.contains("certificates-differ (127.0.0.1:\(nginx.port) ECDSA)"))
    }
}
