import Foundation
import Testing

/// Debian's HAProxy 2.6 with `<crt>.ocsp` files beside an RSA and an ECDSA certificate for
/// the same name, checked by the real binary. The lab's `old` leaf is the ECDSA one: EC,
/// CN good.test, and `wrong-cert.der` is its own (good) response.
@Suite("HAProxy: <crt>.ocsp files for an RSA and an ECDSA certificate side by side")
struct HAProxyStaplingTests {
    func certificates(_ lab: Lab, rsa: String, ecdsa: String, named names: (String, String)) -> [HAProxyServer.Certificate] {
        [HAProxyServer.Certificate(file: names.0, chain: lab.path("good.chain.pem"), key: lab.path("good.key"), ocsp: lab.response(rsa)),
         HAProxyServer.Certificate(file: names.1, chain: lab.path("old.chain.pem"), key: lab.path("old.key"), ocsp: lab.response(ecdsa))]
    }

    @Test("A site.pem.rsa / site.pem.ecdsa bundle, each with its good .ocsp: both certificates stapled with their own responses")
    func bundle() async throws {
        let lab = try await Lab.shared()
        let haproxy = try HAProxyServer(certificates: certificates(lab, rsa: "good", ecdsa: "wrong-cert", named: ("site.pem.rsa", "site.pem.ecdsa")),
                                        layout: .bundle("site.pem"), dir: lab.dir + "/haproxy-bundle-\(UUID().uuidString)")
        defer { haproxy.stop() }
        let args = ["127.0.0.1:\(haproxy.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live"]
        let run = try await CLIRun.execute(args + ["--format", "json"])
        #expect(run.status == 0, "\(run.stdout)\(haproxy.log)")
        #expect(run.findingCodes.isEmpty)
        let rsa = try #require(run.endpoint("RSA")), ecdsa = try #require(run.endpoint("ECDSA"))
        for endpoint in [rsa, ecdsa] {
            #expect(endpoint["verdict"] as? String == "ok")
            #expect(handshakeSequence(endpoint).allSatisfy { $0 })
            #expect(endpoint["tlsVersions"] as? [String] == ["TLSv1.3", "TLSv1.2"])
        }
        let serials = [rsa, ecdsa].map { ($0["certificate"] as? [String: Any])?["serialNumber"] as? String }
        #expect(serials[0] != serials[1], "two certificates seen")
        #expect([rsa, ecdsa].map { ($0["staple"] as? [String: Any])?["serialNumber"] as? String } == serials, "each stapled with its own response")

        let text = try await CLIRun.execute(args)
        #expect(text.status == 0)
        #expect(text.stdout.contains("Verdict: OK"))
        #expect(text.stdout.contains("127.0.0.1:\(haproxy.port)  RSA    TLSv1.3 TLSv1.2"), "\(text.stdout)")
        #expect(text.stdout.contains("127.0.0.1:\(haproxy.port)  ECDSA  TLSv1.3 TLSv1.2"))
    }

    @Test("Two crt lines, the RSA one's .ocsp expired: HAProxy drops it at load, and the finding names the RSA certificate")
    func expiredForOne() async throws {
        let lab = try await Lab.shared()
        let haproxy = try HAProxyServer(certificates: certificates(lab, rsa: "expired", ecdsa: "wrong-cert", named: ("rsa.pem", "ecdsa.pem")),
                                        layout: .separate, dir: lab.dir + "/haproxy-expired-\(UUID().uuidString)")
        defer { haproxy.stop() }
        #expect(haproxy.checkOutput.contains("no longer valid"), "HAProxy says it ignores the file: \(haproxy.checkOutput)")
        let args = ["127.0.0.1:\(haproxy.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live"]
        let run = try await CLIRun.execute(args + ["--format", "json"])
        #expect(run.status == 1, "\(run.stdout)")
        let rsa = try #require(run.endpoint("RSA")), ecdsa = try #require(run.endpoint("ECDSA"))
        #expect(rsa["verdict"] as? String == "warning" && rsa["stapled"] as? Bool == false)
        #expect(ecdsa["verdict"] as? String == "ok" && ecdsa["stapled"] as? Bool == true)
        let missing = run.findings("staple-missing")
        #expect(missing.map { $0["keyType"] as? String } == ["RSA"])
        #expect(missing.first?["address"] as? String == "127.0.0.1:\(haproxy.port)")
        #expect((missing.first?["fix"] as? String)?.contains("drops an expired") == true, "the fix says why HAProxy sends nothing")
        #expect(run.findings("certificates-differ").map { $0["keyType"] as? String } == ["RSA"])
        #expect(Set(run.findingCodes) == ["staple-missing", "certificates-differ"], "\(run.findingCodes)")

        let text = try await CLIRun.execute(args)
        #expect(text.status == 1)
        #expect(text.stdout.contains("WARNING  staple-missing (127.0.0.1:\(haproxy.port) RSA)"), "\(text.stdout)")
        #expect(text.stdout.contains("the RSA certificate is stapled unlike the ECDSA one"))
        #expect(text.stdout.range(of: #"127\.0\.0\.1:\d+  RSA    TLSv1\.3 TLSv1\.2  0/\d +WARNING"#, options: .regularExpression) != nil)
    }
}
