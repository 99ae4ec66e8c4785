import Foundation
import Testing

/// Staples and chains larger than real clients accept are deployment bugs to diagnose, not
/// reasons to give up: real `openssl s_server`s on loopback serving a 60 KB staple over
/// TLS 1.2 and over TLS 1.3, and leaves of 50 KB and 200 KB (scripts/make-hostile-inputs.sh).
@Suite("Size limits")
struct SizeLimitTests {
    func check(_ server: OpenSSLServer, _ lab: Lab, serverName: String) throws -> CLIRun {
        try CLIRun.guarded(["127.0.0.1:\(server.port)", "--servername", serverName, "--ca-file", lab.caBundle, "--no-live", "--format", "json"],
                           seconds: 30)
    }

    @Test("A 60 KB staple over TLS 1.2 (over OpenSSL's fixed 16 KiB CertificateStatus limit): staple-too-large, the chain still judged")
    func largeStapleTLS12() async throws {
        let hostile = try await HostileLab.shared()
        let lab = hostile.lab
        let server = try OpenSSLServer(["-cert", lab.path("good.pem"), "-key", lab.path("good.key"), "-cert_chain", lab.path("int.pem"),
                                        "-status_file", hostile.paddedStaple, "-tls1_2"], lab: lab)
        defer { server.stop() }
        let run = try check(server, lab, serverName: "good.test")
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.value("tls.version") as? String == "TLSv1.2")
        #expect(run.severity("staple-too-large") == "critical", "\(run.findingCodes)")
        let message = run.finding("staple-too-large")?["message"] as? String ?? ""
        #expect(message.contains("16,384") && message.contains("OpenSSL"), "\(message)")
        #expect(run.value("stapled") as? Bool == true, "a staple was sent")
        #expect(run.isNull("staple"), "its bytes could not be read")
        #expect(!run.findingCodes.contains("staple-missing"))
        #expect(run.value("certificate.subject") as? String == "CN=good.test")
        #expect(run.value("chain.trusted") as? Bool == true)
        let text = try CLIRun.guarded(["127.0.0.1:\(server.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live"])
        #expect(text.stdout.contains("too large to read"), "\(text.stdout)")
    }

    @Test("The same 60 KB staple from a server speaking both versions: read and judged good over TLS 1.3, staple-too-large on TLS 1.2 only")
    func largeStapleBothVersions() async throws {
        let hostile = try await HostileLab.shared()
        let lab = hostile.lab
        let server = try OpenSSLServer(["-cert", lab.path("good.pem"), "-key", lab.path("good.key"), "-cert_chain", lab.path("int.pem"),
                                        "-status_file", hostile.paddedStaple], lab: lab)
        defer { server.stop() }
        let run = try check(server, lab, serverName: "good.test")
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.value("tls.version") as? String == "TLSv1.3")
        #expect(run.findingCodes == ["staple-too-large"], "\(run.findingCodes)")
        #expect(run.finding("staple-too-large")?["tlsVersion"] as? String == "TLSv1.2", "in the Certificate message TLS 1.3 clients read it")
        #expect(run.value("staple.size") as? Int == (try Data(contentsOf: URL(fileURLWithPath: hostile.paddedStaple))).count)
        #expect(run.value("staple.signatureValid") as? Bool == true)
        #expect(run.value("staple.certStatus") as? String == "good")
    }

    @Test("A 60 KB staple that takes a TLS 1.3 Certificate message over 100 KiB: staple-too-large, the staple still judged")
    func stapleOverflowsCertificateMessage() async throws {
        let hostile = try await HostileLab.shared()
        let lab = hostile.lab
        let server = try OpenSSLServer(["-cert", hostile.path("big.pem"), "-key", lab.path("ecdsa.key"), "-cert_chain", lab.path("int.pem"),
                                        "-status_file", hostile.paddedStaple], lab: lab)
        defer { server.stop() }
        let run = try check(server, lab, serverName: "big.test")
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.severity("staple-too-large") == "critical", "\(run.findingCodes)")
        #expect(!run.findingCodes.contains("chain-too-large"), "without the staple the message fits")
        #expect((run.finding("staple-too-large")?["message"] as? String ?? "").contains("102,400"))
        #expect(run.value("staple.parsed") as? Bool == true, "the bytes were captured and judged")
        #expect(run.value("staple.signatureValid") as? Bool == true)
        #expect(run.findingCodes.contains("staple-wrong-certificate"), "and judged: it is about good.pem, not big.pem")
    }

    @Test("A 200 KB certificate (over the 100 KiB OpenSSL and BoringSSL accept): chain-too-large, the certificate still judged")
    func hugeCertificate() async throws {
        let hostile = try await HostileLab.shared()
        let lab = hostile.lab
        let server = try OpenSSLServer(["-cert", hostile.path("huge.pem"), "-key", lab.path("ecdsa.key"), "-cert_chain", lab.path("int.pem")], lab: lab)
        defer { server.stop() }
        let run = try check(server, lab, serverName: "huge.test")
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.severity("chain-too-large") == "critical", "\(run.findingCodes)")
        let message = run.finding("chain-too-large")?["message"] as? String ?? ""
        #expect(message.contains("102,400") && message.contains("262,144"), "\(message)")
        #expect(run.value("certificate.subject") as? String == "CN=huge.test")
        #expect(run.value("chain.trusted") as? Bool == true)
    }
}
