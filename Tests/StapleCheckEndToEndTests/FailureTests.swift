import Foundation
import StapleCheckCore
import Testing

/// Bad input and hostile or broken peers: a one-line answer and exit code 3, never a crash
/// or a hang.
@Suite("Could-not-check errors")
struct FailureTests {
    func expectError(_ arguments: [String], code: String, environment: [String: String] = [:],
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let json = try CLIRun.run(arguments + ["--format", "json"], environment: environment)
        #expect(json.status == 3, "\(json.stdout)\(json.stderr)", sourceLocation: sourceLocation)
        #expect(json.value("verdict") as? String == "error", sourceLocation: sourceLocation)
        #expect(json.value("error.code") as? String == code, "\(json.stdout)", sourceLocation: sourceLocation)
        #expect(!((json.value("error.message") as? String) ?? "").isEmpty, sourceLocation: sourceLocation)
        #expect(json.value("staple") is NSNull, sourceLocation: sourceLocation)

        let text = try CLIRun.run(arguments, environment: environment)
        #expect(text.status == 3, sourceLocation: sourceLocation)
        #expect(text.stdout.isEmpty, sourceLocation: sourceLocation)
        let lines = text.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("staplecheck: "), "\(text.stderr)", sourceLocation: sourceLocation)
    }

    @Test func refusedPort() throws {
        try expectError(["127.0.0.1:\(refusingPort())"], code: "refused")
    }

    @Test("A port that accepts and never speaks is bounded by --timeout")
    func silentPort() throws {
        let server = try RawServer(.silent)
        defer { server.stop() }
        try expectError(["127.0.0.1:\(server.port)", "--timeout", "1.5"], code: "timeout")
    }

    @Test("A plain-HTTP port is named as not TLS")
    func plainHTTP() throws {
        let server = try RawServer(.http)
        defer { server.stop() }
        try expectError(["127.0.0.1:\(server.port)"], code: "not-tls")
    }

    @Test("A server that resets mid-handshake")
    func resetMidHandshake() throws {
        let server = try RawServer(.reset)
        defer { server.stop() }
        try expectError(["127.0.0.1:\(server.port)"], code: "closed")
    }

    @Test("An unknown host name fails resolution — inside a namespace whose resolver is 127.0.0.1, so no query leaves the machine")
    func unknownHost() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-dns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let resolv = dir.appendingPathComponent("resolv.conf").path
        try "nameserver 127.0.0.1\noptions timeout:1 attempts:1\n".write(toFile: resolv, atomically: true, encoding: .utf8)
        let script = "mount --bind \"$1\" /etc/resolv.conf && shift && exec \"$@\""
        for format in ["json", "text"] {
            let run = try Subprocess.run(["timeout", "-s", "KILL", "60", "unshare", "-m", "sh", "-c", script, "sh", resolv,
                                          Paths.binary, "no-such-host.staplecheck.test", "--format", format])
            #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
            if format == "json" {
                let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
                #expect((json?["error"] as? [String: Any])?["code"] as? String == "dns")
            } else {
                #expect(run.stderr.hasPrefix("staplecheck: cannot resolve no-such-host.staplecheck.test"))
            }
        }
    }

    @Test func unreadableCAFile() throws {
        try expectError(["127.0.0.1:\(refusingPort())", "--ca-file", "/nonexistent/ca.pem"], code: "input")
    }

    @Test(arguments: ["bad host!", "[::1", "host:0", "host:99999", "1.2.3.4:x", "::1:443:x"])
    func invalidTarget(_ target: String) throws {
        try expectError([target], code: "input")
    }

    @Test("Usage errors keep ArgumentParser's exit code")
    func usageErrors() throws {
        for arguments in [["--format", "xml", "x"], ["--at", "yesterday", "x"], ["--warn-within", "soon", "x"], ["--timeout", "0", "x"], []] {
            let run = try CLIRun.run(arguments)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
        }
    }
}

@Suite("Resolver seam against a real server")
struct ResolverSeamTests {
    struct FixedResolver: Resolver {
        var port: Int
        func resolve(host: String, port: Int, deadline: Deadline) throws(CheckError) -> [SocketAddress] {
            [SocketAddress(ip: "127.0.0.1", port: port)!]
        }
    }

    @Test("A name-shaped target checked through an injected resolver sends the name as SNI")
    func nameThroughSeam() async throws {
        let lab = try await Lab.shared()
        let server = try OpenSSLServer(["-cert", lab.path("good.pem"), "-key", lab.path("good.key"), "-cert_chain", lab.path("int.pem"),
                                        "-status_file", lab.response("good")], lab: lab)
        defer { server.stop() }
        let checker = Checker(probe: Probe(resolver: FixedResolver(port: server.port)))
        let report = checker.check(Target(host: "good.test", port: server.port),
                                   options: CheckOptions(analysis: AnalysisOptions(now: Date(), trust: .file(lab.caBundle))))
        #expect(report.verdict == .ok, "\(report.findings)")
        #expect(report.target.serverName == "good.test")
        #expect(report.staple?.certStatus == .good)
    }
}
