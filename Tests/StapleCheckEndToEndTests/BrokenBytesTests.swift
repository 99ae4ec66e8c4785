import Foundation
import StapleCheckCore
import Testing

/// Issue 10 §3 through the real binary: the broken responses of scripts/make-broken-bytes.sh
/// (made fresh in the shared lab) given to `inspect`, stapled by gnutls-serv
/// (`--ignore-ocsp-response-errors` staples anything), and answered by a responder.
@Suite("Broken bytes explained, end to end")
struct BrokenBytesTests {
    /// LAB/bytes, made once per test process.
    static func dir() async throws -> (Lab, String) {
        let lab = try await Lab.shared()
        return (lab, try await BrokenBytesCache.instance.dir(lab))
    }

    @Test("inspect: a file OpenSSL cannot read is an error with parseError beside it, in JSON and on the one text line",
          arguments: [("truncated.der", "truncated", "BasicOCSPResponse.certs[0]"), ("trailing.der", "trailing-data", nil),
                      ("non-minimal-length-status.der", nil, nil), ("crl.der", "crl", nil), ("ocsp-request.der", "ocsp-request", nil),
                      ("captive-portal.html", "html", nil)] as [(String, String?, String?)])
    func inspectFile(_ name: String, _ kind: String?, _ path: String?) async throws {
        let (_, dir) = try await Self.dir()
        let file = dir + "/" + name
        let json = try CLIRun.run(["inspect", file, "--format", "json"])
        try SchemaTests.expectValid(json, as: "inspectReport", "inspect \(name)")
        guard let kind else {
            // BER that OpenSSL reads: inspected, with staple.parseError and staple-malformed.
            #expect(json.status == 2, "\(json.stdout)\(json.stderr)")
            #expect(json.value("staple.parseError.kind") as? String == "non-minimal-length", "\(json.stdout)")
            #expect(json.value("staple.parseError.path") as? String == "responseStatus")
            #expect(json.value("staple.parseError.offset") as? Int == 4)
            #expect(json.findingCodes.contains("staple-malformed"))
            let text = try CLIRun.run(["inspect", file])
            #expect(text.stdout.contains("bytes        non-minimal-length at offset 4 (responseStatus): The length of responseStatus"), "\(text.stdout)")
            return
        }
        #expect(json.status == 3, "\(json.stdout)\(json.stderr)")
        #expect(json.value("error.code") as? String == "input")
        #expect(json.value("parseError.kind") as? String == kind, "\(json.stdout)")
        #expect(json.value("parseError.path") as? String == path)
        #expect(json.value("parseError.offset") is Int)
        let text = try CLIRun.run(["inspect", file])
        let lines = text.stderr.split(separator: "\n")
        #expect(text.status == 3 && lines.count == 1, "\(text.stderr)")
        #expect(lines.first?.contains("; \(kind) at offset ") == true, "\(text.stderr)")
    }

    @Test("inspect: a correctly signed response whose serialNumber has a leading 00 — OpenSSL refuses its body; the path says where",
          arguments: ["json", "text"])
    func nonMinimalSerial(_ format: String) async throws {
        let (lab, dir) = try await Self.dir()
        let args = ["inspect", dir + "/non-minimal-serial.der", "--cert", lab.path("good.pem"), "--issuer", lab.path("int.pem"),
                    "--ca-file", lab.caBundle, "--no-live"]
        let path = "BasicOCSPResponse.tbsResponseData.responses[0].certID.serialNumber"
        if format == "json" {
            let run = try CLIRun.run(args + ["--format", "json"])
            try SchemaTests.expectValid(run, as: "inspectReport", "inspect non-minimal-serial.der")
            #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
            #expect(run.value("staple.parseError.kind") as? String == "non-minimal-integer", "\(run.stdout)")
            #expect(run.value("staple.parseError.path") as? String == path)
            #expect(run.findingCodes == ["staple-malformed"])
        } else {
            let run = try CLIRun.run(args)
            #expect(run.stdout.contains("non-minimal-integer at offset "), "\(run.stdout)")
            #expect(run.stdout.contains("(\(path))"))
            #expect(run.stdout.contains("illegal padding"), "OpenSSL's reason stays in the finding")
        }
    }

    @Test("Stapled by gnutls-serv: staple.parseError names what the bytes are and where they break",
          arguments: [("truncated.der", "truncated"), ("trailing.der", "trailing-data"), ("captive-portal.html", "html"),
                      ("pem.txt", "pem"), ("ocsp-request.der", "ocsp-request"), ("indefinite-length.der", "indefinite-length")])
    func stapled(_ name: String, _ kind: String) async throws {
        let (lab, dir) = try await Self.dir()
        let server = try GnuTLSServer(chain: lab.path("good.chain.pem"), key: lab.path("good.key"), staple: dir + "/" + name, lab: lab)
        defer { server.stop() }
        let args = ["127.0.0.1:\(server.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live"]
        let json = try CLIRun.run(args + ["--format", "json"])
        try SchemaTests.expectValid(json, as: "checkReport", "stapled \(name)")
        #expect(json.status == 2, "\(json.stdout)\(json.stderr)")
        #expect(json.value("staple.parseError.kind") as? String == kind, "\(json.stdout)")
        #expect(json.findingCodes.contains("staple-malformed"), "\(json.findingCodes)")
        let text = try CLIRun.run(args)
        #expect(text.stdout.contains("bytes        \(kind)"), "\(text.stdout)")
    }

    @Test("A responder answering broken bytes: live.attempts[].parseError, and the reason in text")
    func responderAnswer() async throws {
        let (_, dir) = try await Self.dir()
        let bench = try await Bench("broken-answer")
        let responder = try FaultyResponder(.serve(.file(dir + "/truncated.der")))
        defer { responder.stop() }
        let leaf = try bench.leaf("leaf", ocsp: responder.baseURL + "/ocsp")
        let server = try bench.server(leaf, staple: try bench.response(leaf, "delegated", named: "staple"))
        defer { server.stop() }
        let run = try await bench.check(server, leaf)
        try SchemaTests.expectValid(run, as: "checkReport", "a truncated responder answer")
        #expect(run.findingCodes.contains("responder-malformed"), "\(run.stdout)")
        let attempts = run.attempts
        #expect(!attempts.isEmpty)
        for attempt in attempts {
            let parseError = attempt["parseError"] as? [String: Any]
            #expect(parseError?["kind"] as? String == "truncated", "\(attempt)")
            #expect(parseError?["path"] as? String == "BasicOCSPResponse.certs[0]")
        }
        let text = try await CLIRun.execute(["127.0.0.1:\(server.port)", "--servername", leaf.serverName, "--ca-file", bench.lab.caBundle])
        #expect(text.stdout.contains("malformed, "), "\(text.stdout)")
        #expect(text.stdout.contains("Truncated: BasicOCSPResponse.certs[0] at offset ") && text.stdout.contains("declares 13 bytes of content from offset"), "\(text.stdout)")
    }
}

private actor BrokenBytesCache {
    static let instance = BrokenBytesCache()
    private var task: Task<String, Error>?

    func dir(_ lab: Lab) async throws -> String {
        if let task { return try await task.value }
        let task = Task<String, Error> {
            let result = try Subprocess.run(["bash", Paths.root.appendingPathComponent("scripts/make-broken-bytes.sh").path, lab.dir])
            guard result.status == 0 else { throw LabError(message: "make-broken-bytes.sh failed (\(result.status)): \(result.stderr)\(result.stdout)") }
            return lab.path("bytes")
        }
        self.task = task
        return try await task.value
    }
}

@Suite("Broken bytes in the README")
struct BrokenBytesReadmeTests {
    @Test("The README's Broken bytes table lists every ParseError kind, in order")
    func kinds() {
        let rows = Readme.tableRows("### Broken bytes").compactMap { row in
            row.split(separator: "`").dropFirst().first.map(String.init)
        }
        #expect(rows == ParseError.Kind.allCases.map(\.rawValue))
    }
}
