import Foundation
import StapleCheckCore
import Testing

/// Issue 10 §4 through the real binary: the responses of scripts/make-responder-profiles.sh
/// (delegated responder certificates breaking one BR §7.1.2.8 rule each, and hand-shaped
/// responses breaking RFC 6960's), inspected, and stapled by `openssl s_server`.
@Suite("The responder's profile, end to end")
struct ResponderProfileTests {
    /// LAB/profile, made once per test process.
    static func dir() async throws -> (Lab, String) {
        let lab = try await Lab.shared()
        return (lab, try await ProfileCache.instance.dir(lab))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var code: String
        var severity: String
        /// In the message: the rule as quoted, or what was found.
        var quote: String
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "extra-eku", code: "responder-cert-extra-eku", severity: "warning", quote: "BR §7.1.2.8.5"),
        Case(file: "key-usage", code: "responder-cert-key-usage", severity: "warning", quote: "has key usage digitalSignature, nonRepudiation"),
        Case(file: "no-key-usage", code: "responder-cert-key-usage", severity: "warning", quote: "has no keyUsage extension"),
        Case(file: "ca", code: "responder-cert-ca", severity: "warning", quote: "BR §7.1.2.8.4: cA MUST be FALSE"),
        Case(file: "no-aki", code: "responder-cert-no-aki", severity: "warning", quote: "authorityKeyIdentifier MUST be present"),
        Case(file: "no-nocheck", code: "responder-signer-no-nocheck", severity: "warning", quote: "BR §7.1.2.8.6"),
        Case(file: "forbidden", code: "responder-cert-forbidden-extension", severity: "warning",
             quote: "carries subjectAltName, nameConstraints, certificatePolicies, crlDistributionPoints, an authorityInformationAccess OCSP URL"),
        Case(file: "by-key-short", code: "responder-id-not-sha1", severity: "critical", quote: "is 19 bytes, not the 20-byte SHA-1 hash"),
        Case(file: "by-key-spki", code: "responder-id-not-sha1", severity: "critical", quote: "is the SHA-1 of no certificate's public key"),
        Case(file: "next-before-this", code: "ocsp-next-update-before-this-update", severity: "critical", quote: "nextupdate before thisupdate"),
        Case(file: "this-after-produced", code: "ocsp-this-update-after-produced-at", severity: "warning", quote: "is after the response's producedAt"),
        Case(file: "unsuccessful-with-body", code: "ocsp-unsuccessful-with-body", severity: "warning",
             quote: "\"If the value of responseStatus is one of the error conditions, the responseBytes field is not set.\""),
    ]

    static let profileCodes: Set<String> = Set(cases.map(\.code))

    func inspectArgs(_ lab: Lab, _ file: String) -> [String] {
        [file, "--cert", lab.path("good.pem"), "--issuer", lab.path("int.pem"), "--ca-file", lab.caBundle, "--no-live"]
    }

    @Test("inspect (JSON): each broken rule is its finding, with its severity, and no other profile finding", arguments: cases)
    func inspectJSON(_ c: Case) async throws {
        let (lab, dir) = try await Self.dir()
        let run = try CLIRun.run(["inspect"] + inspectArgs(lab, "\(dir)/\(c.file).der") + ["--format", "json"])
        #expect(run.severity(c.code) == c.severity, "\(run.findingCodes) \(run.stdout)")
        #expect(run.findings(c.code).count == 1)
        #expect(Set(run.findingCodes).intersection(Self.profileCodes) == [c.code], "\(run.findingCodes)")
        let message = run.finding(c.code)?["message"] as? String ?? ""
        #expect(message.contains(c.quote), "\(message)")
        // Exit code from the worst finding: 1 when the profile warning is the only one.
        let severities = run.findingCodes.compactMap(run.severity)
        #expect(run.status == (severities.contains("critical") ? 2 : 1), "\(run.status) \(run.findingCodes)")
        if c.severity == "warning" && c.file != "unsuccessful-with-body" { #expect(run.findingCodes == [c.code]) }
    }

    @Test("inspect (text): the finding's code and its quoted rule are on the page", arguments: cases)
    func inspectText(_ c: Case) async throws {
        let (lab, dir) = try await Self.dir()
        let run = try CLIRun.run(["inspect"] + inspectArgs(lab, "\(dir)/\(c.file).der"))
        #expect(run.stdout.contains(c.code), "\(run.stdout)")
        // The text renderer may wrap long messages: compare with whitespace folded.
        let folded = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(folded.contains(c.quote.split(whereSeparator: \.isWhitespace).joined(separator: " ")), "\(run.stdout)")
    }

    @Test("Conforming responses raise none of them: a compliant delegated responder, a correct byKey responderID, the issuer itself",
          arguments: ["profile/by-key-ok.der", "responses/good-delegated.der", "responses/good.der"])
    func conforming(_ name: String) async throws {
        let (lab, _) = try await Self.dir()
        let run = try CLIRun.run(["inspect"] + inspectArgs(lab, lab.path(name)) + ["--format", "json"])
        #expect(run.status == 0, "\(run.findingCodes) \(run.stdout)")
        #expect(run.findingCodes.isEmpty, "\(run.findingCodes)")
    }

    @Test("Without --issuer a signer OpenSSL cannot authorise is not judged as a delegated responder (the rogue's certificate)")
    func rogueNotProfiled() async throws {
        let (lab, _) = try await Self.dir()
        let run = try CLIRun.run(["inspect", lab.response("rogue"), "--no-live", "--format", "json"])
        #expect(Set(run.findingCodes).intersection(Self.profileCodes).isEmpty, "\(run.findingCodes)")
    }

    @Test("Stapled by openssl s_server -status_file: the signer's extra EKU and missing AKI reach the server check, once each",
          arguments: [("extra-eku", "responder-cert-extra-eku"), ("no-aki", "responder-cert-no-aki")])
    func stapled(_ file: String, _ code: String) async throws {
        let (lab, dir) = try await Self.dir()
        let server = try OpenSSLServer(["-cert", lab.path("good.pem"), "-key", lab.path("good.key"), "-cert_chain", lab.path("int.pem"),
                                        "-status_file", "\(dir)/\(file).der"], lab: lab)
        defer { server.stop() }
        let args = ["127.0.0.1:\(server.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live"]
        let json = try CLIRun.run(args + ["--format", "json"])
        #expect(json.status == 1, "\(json.stdout)\(json.stderr)")
        #expect(json.findingCodes == [code], "\(json.findingCodes)")
        #expect(json.severity(code) == "warning")
        #expect(json.value("staple.signatureValid") as? Bool == true)
        #expect(json.value("staple.signer") as? String == "delegated")
        let text = try CLIRun.run(args)
        #expect(text.stdout.contains(code), "\(text.stdout)")
        #expect(text.stdout.contains("staplecheck Lab OCSP Responder (\(file))"), "\(text.stdout)")
    }
}

private actor ProfileCache {
    static let instance = ProfileCache()
    private var task: Task<String, Error>?

    func dir(_ lab: Lab) async throws -> String {
        if let task { return try await task.value }
        let task = Task<String, Error> {
            let result = try Subprocess.run(["bash", Paths.root.appendingPathComponent("scripts/make-responder-profiles.sh").path, lab.dir])
            guard result.status == 0 else {
                throw LabError(message: "make-responder-profiles.sh failed (\(result.status)): \(result.stderr)\(result.stdout)")
            }
            return lab.path("profile")
        }
        self.task = task
        return try await task.value
    }
}

@Suite("The responder's profile in the README")
struct ResponderProfileReadmeTests {
    @Test("The README's profile table names exactly the codes the profile check emits")
    func codes() {
        // The last column opens with the code: "`responder-cert-ca` (warning)".
        let codes = Readme.tableRows("### The responder's profile").compactMap { row -> String? in
            let columns = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return columns.last?.split(separator: "`").first.map(String.init)
        }
        #expect(Set(codes) == Set(ResponderProfileTests.cases.map(\.code)), "\(codes)")
    }
}
