import Foundation
import StapleCheckCore
import Testing

/// `staplecheck explain` from the real binary, and the likely causes and hints in real
/// reports against lab servers.
@Suite("explain, likely causes and the explain hint")
struct ExplainTests {
    @Test("explain CODE --format json for every code: meaning, clients, causes, a fix for every server")
    func everyCode() throws {
        for code in FindingCode.allCases {
            let run = try CLIRun.run(["explain", code.rawValue, "--format", "json"])
            #expect(run.status == 0, "\(code): \(run.stderr)")
            #expect(run.value("code") as? String == code.rawValue)
            #expect(run.value("severity") as? String == code.severityRule.description)
            for key in ["meaning", "whyClientsCare", "title"] { #expect(!((run.value(key) as? String) ?? "").isEmpty, "\(code) \(key)") }
            #expect(!((run.value("likelyCauses") as? [String]) ?? []).isEmpty, "\(code)")
            let servers = ((run.value("serverFixes") as? [[String: Any]]) ?? []).compactMap { $0["server"] as? String }
            #expect(servers == ["nginx", "apache", "haproxy", "caddy", "exim", "hitch", "lighttpd"], "\(code)")
            let text = try CLIRun.run(["explain", code.rawValue])
            #expect(text.status == 0 && text.stdout.contains("Fixes per server") && text.stdout.contains("Why clients care"))
        }
    }

    @Test("explain --list names every code with its severity")
    func list() throws {
        let run = try CLIRun.run(["explain", "--list", "--format", "json"])
        let entries = try #require((try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [[String: Any]])
        #expect(entries.compactMap { $0["code"] as? String } == FindingCode.allCases.map(\.rawValue))
        #expect(entries.first { $0["code"] as? String == "responder-unknown" }?["severity"] as? String == "critical")
        let text = try CLIRun.run(["explain", "--list"])
        #expect(text.stdout.split(separator: "\n").count == FindingCode.allCases.count)
    }

    @Test("An unknown code, or nothing to explain, is a one-line usage error with exit 64", arguments: [["explain", "no-such-code"], ["explain"],
                                                                                                 ["explain", "staple-expired", "--list"]])
    func unknownCode(_ arguments: [String]) throws {
        let run = try CLIRun.run(arguments)
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("staplecheck: ") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var leaf: String
        var staple: String?
        var code: String
        var cause: String
        var testDescription: String { "\(leaf)/\(staple ?? "none") → \(code)" }
    }

    @Test(arguments: [
        Case(leaf: "good", staple: "expired", code: "staple-expired", cause: "static staple file"),
        Case(leaf: "good", staple: "wrong-cert", code: "staple-wrong-certificate", cause: "renewal"),
        Case(leaf: "good", staple: "rogue", code: "staple-signer-unauthorized", cause: "HAProxy"),
        Case(leaf: "good", staple: "trylater", code: "staple-unsuccessful", cause: "SSLStaplingFakeTryLater"),
        Case(leaf: "unknown", staple: nil, code: "staple-missing", cause: "nginx and Caddy"),
        Case(leaf: "revoked", staple: nil, code: "responder-revoked", cause: "nginx and Caddy"),
    ])
    func likelyCause(_ c: Case) async throws {
        let lab = try await Lab.shared()
        var args = ["-cert", lab.path("\(c.leaf).pem"), "-key", lab.path("\(c.leaf).key"), "-cert_chain", lab.path("int.pem")]
        if let staple = c.staple { args += ["-status_file", lab.response(staple)] }
        let server = try OpenSSLServer(args, lab: lab)
        defer { server.stop() }
        let common = ["127.0.0.1:\(server.port)", "--servername", "\(c.leaf).test", "--ca-file", lab.caBundle]
        let json = try await CLIRun.execute(common + ["--format", "json"])
        let finding = try #require(json.finding(c.code), "\(json.stdout)")
        let cause = try #require(finding["likelyCause"] as? [String: Any], "\(finding)")
        #expect((cause["cause"] as? String)?.contains(c.cause) == true, "\(cause)")
        #expect(!((cause["fix"] as? String) ?? "").isEmpty)
        if c.code == "staple-expired" { #expect((cause["fix"] as? String)?.contains("staplecheck fetch --cert /PATH/TO/good.test/") == true) }
        if c.leaf == "unknown" { #expect(json.severity("responder-unknown") == "critical") }
        let text = try await CLIRun.execute(common)
        #expect(text.stdout.contains("likely cause: "), "\(text.stdout)")
        #expect(text.stdout.contains("Who is affected"))
        let first = try #require(json.findingCodes.first)
        #expect(text.stdout.hasSuffix("More: staplecheck explain \(first)\n"), "\(text.stdout.suffix(200))")
    }
}
