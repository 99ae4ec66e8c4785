import Foundation
import StapleCheckCore
import Testing

/// schema/staplecheck-report.schema.json against the real output of every lab scenario,
/// through a real validator: Debian's python3-jsonschema (draft 2020-12), driven by
/// scripts/validate-json.py.
@Suite("JSON Schema")
struct SchemaTests {
    static let schemaPath = Paths.root.appendingPathComponent("schema/staplecheck-report.schema.json").path

    /// Validates `json` (an object, an array, or NDJSON) as `kind`; the validator's output
    /// when it refuses.
    static func validate(_ json: String, as kind: String) throws -> (valid: Bool, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-schema-\(UUID().uuidString).json").path
        try json.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try Subprocess.run(["/usr/bin/python3", Paths.root.appendingPathComponent("scripts/validate-json.py").path, kind, file])
        return (run.status == 0, run.stdout + run.stderr)
    }

    static func expectValid(_ run: CLIRun, as kind: String, _ what: String) throws {
        #expect(!run.stdout.isEmpty, "\(what): no output")
        let result = try validate(run.stdout, as: kind)
        #expect(result.valid, "\(what) does not match the schema:\n\(result.output)")
    }

    static func server(_ lab: Lab, leaf: String, staple: String?) throws -> OpenSSLServer {
        var args = ["-cert", lab.path("\(leaf).pem"), "-key", lab.path("\(leaf).key"), "-cert_chain", lab.path("int.pem")]
        if let staple { args += ["-status_file", lab.response(staple)] }
        return try OpenSSLServer(args, lab: lab)
    }

    @Test("Single checks: good, revoked (with the CRL), unstapled, must-staple, expired, and errors match checkReport")
    func singleChecks() async throws {
        let lab = try await Lab.shared()
        let scenarios: [(leaf: String, staple: String?, extra: [String], exit: Int32)] = [
            ("good", "good", [], 0), ("revoked", "revoked", ["--crl"], 2), ("good", nil, [], 1), ("muststaple", nil, [], 2),
            ("good", "expired", ["--no-live"], 2),
        ]
        for scenario in scenarios {
            let server = try Self.server(lab, leaf: scenario.leaf, staple: scenario.staple)
            defer { server.stop() }
            let run = try await CLIRun.execute(["127.0.0.1:\(server.port)", "--servername", "\(scenario.leaf).test", "--ca-file", lab.caBundle,
                                                "--format", "json"] + scenario.extra)
            #expect(run.status == scenario.exit, "\(scenario)")
            try Self.expectValid(run, as: "checkReport", "\(scenario.leaf) with staple \(scenario.staple ?? "none")")
        }
        let refused = try await CLIRun.execute(["127.0.0.1:\(refusingPort())", "--format", "json"])
        #expect(refused.status == 3 && refused.value("error.code") as? String == "refused")
        try Self.expectValid(refused, as: "checkReport", "a refused connection")
        let badTarget = try await CLIRun.execute(["[::1", "--format", "json"])
        #expect(badTarget.status == 3 && badTarget.value("error.code") as? String == "input")
        try Self.expectValid(badTarget, as: "checkReport", "a malformed target")
    }

    @Test("Batches: every NDJSON line and every element of the JSON array matches batchLine (errors and bad lines too)")
    func batches() async throws {
        let lab = try await Lab.shared()
        let good = try Self.server(lab, leaf: "good", staple: "good")
        defer { good.stop() }
        let revoked = try Self.server(lab, leaf: "revoked", staple: "revoked")
        defer { revoked.stop() }
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-schema-\(UUID().uuidString).txt").path
        try """
            127.0.0.1:\(good.port) --servername good.test
            127.0.0.1:\(revoked.port) --servername revoked.test
            127.0.0.1:\(refusingPort())
            127.0.0.1:\(good.port) --bogus
            """.write(toFile: list, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: list) }
        for format in ["ndjson", "json"] {
            let run = try await CLIRun.execute(["--targets", list, "--ca-file", lab.caBundle, "--format", format])
            #expect(run.status == 2)
            try Self.expectValid(run, as: "batchLine", "--format \(format) over a batch")
        }
        // A batch line is not a single check's report (it has input), nor the reverse.
        let ndjson = try await CLIRun.execute(["--targets", list, "--ca-file", lab.caBundle, "--format", "ndjson", "--no-live"])
        #expect(try !Self.validate(ndjson.stdout, as: "checkReport").valid)
    }

    @Test("inspect (response, certificate, chain, CSR, unreadable file) and fetch (written, failed) match their kinds")
    func inspectAndFetch() async throws {
        let lab = try await Lab.shared()
        let inspect = try await CLIRun.execute(["inspect", lab.response("good"), lab.response("revoked"), lab.path("good.pem"), lab.path("good.chain.pem"),
                                                lab.path("csr-muststaple.pem"), lab.dir + "/no-such-file", "--ca-file", lab.caBundle, "--format", "ndjson"])
        #expect(inspect.status == 3)
        #expect(inspect.stdout.split(separator: "\n").count == 6)
        try Self.expectValid(inspect, as: "inspectReport", "inspect")
        let withCert = try await CLIRun.execute(["inspect", lab.response("good"), "--cert", lab.path("good.pem"), "--issuer", lab.path("int.pem"),
                                                 "--ca-file", lab.caBundle, "--crl", "--format", "json"])
        try Self.expectValid(withCert, as: "inspectReport", "inspect --cert --crl")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-schema-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fetch = ["fetch", "--cert", lab.path("good.pem"), "--issuer", lab.path("int.pem"), "--ca-file", lab.caBundle, "--format", "json", "-o"]
        let written = try await CLIRun.execute(fetch + [dir + "/staple.der"])
        #expect(written.status == 0 && written.value("action") as? String == "written")
        try Self.expectValid(written, as: "fetchReport", "fetch (written)")
        let kept = try await CLIRun.execute(fetch + [dir + "/staple.der", "--min-validity", "1h"])
        try Self.expectValid(kept, as: "fetchReport", "fetch (skipped)")
        let failed = try await CLIRun.execute(fetch + [dir + "/no-such-dir/staple.der"])
        #expect(failed.status == 3)
        try Self.expectValid(failed, as: "fetchReport", "fetch (failed)")
    }

    @Test("The schema refuses what the contract does not allow: an undocumented field, a missing one, a wrong type")
    func refusals() async throws {
        let lab = try await Lab.shared()
        let server = try Self.server(lab, leaf: "good", staple: "good")
        defer { server.stop() }
        let run = try await CLIRun.execute(["127.0.0.1:\(server.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--format", "json"])
        try Self.expectValid(run, as: "checkReport", "the good server")
        let original = try #require(run.json)
        func mutated(_ change: (inout [String: Any]) -> Void) throws -> String {
            var copy = original
            change(&copy)
            return String(decoding: try JSONSerialization.data(withJSONObject: copy), as: UTF8.self)
        }
        func nested(_ key: String, _ change: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
            { object in
                var inner = object[key] as? [String: Any] ?? [:]
                change(&inner)
                object[key] = inner
            }
        }
        let cases: [(String, (inout [String: Any]) -> Void)] = [
            ("an undocumented top-level field", { $0["undocumented"] = 1 }),
            ("an undocumented staple field", nested("staple") { $0["undocumented"] = "x" }),
            ("an undocumented timing field", nested("timing") { $0["extra"] = 1 }),
            ("a missing stapled", { $0.removeValue(forKey: "stapled") }),
            ("a missing staple.nextUpdate (null is written, never omitted)", nested("staple") { $0.removeValue(forKey: "nextUpdate") }),
            ("error on a report whose verdict is ok", { $0["error"] = ["code": "dns", "message": "x"] }),
            ("an unknown verdict", { $0["verdict"] = "fine" }),
            ("a time that is not ISO 8601 UTC", { $0["checkedAt"] = "yesterday" }),
        ]
        for (what, change) in cases {
            #expect(try !Self.validate(try mutated(change), as: "checkReport").valid, "the schema accepts \(what)")
        }
        var finding = ["code": "staple-expired", "severity": "critical", "message": "m", "fix": NSNull(), "address": NSNull(),
                       "keyType": NSNull(), "tlsVersion": NSNull(), "likelyCause": NSNull()] as [String: Any]
        let withFinding = try mutated { $0["findings"] = [finding] }
        #expect(try Self.validate(withFinding, as: "checkReport").valid, "a catalogue finding is refused")
        finding["code"] = "staple-expird"
        #expect(try !Self.validate(try mutated { $0["findings"] = [finding] }, as: "checkReport").valid, "a code outside the catalogue passes")
        finding["code"] = "staple-expired"
        finding["undocumented"] = "x"
        #expect(try !Self.validate(try mutated { $0["findings"] = [finding] }, as: "checkReport").valid, "an undocumented finding field passes")
    }

    @Test("The schema's finding and error codes are the catalogues, and the README documents the schema")
    func catalogues() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.schemaPath))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let defs = try #require(schema["$defs"] as? [String: Any])
        let findingCodes = (defs["findingCode"] as? [String: Any])?["enum"] as? [String]
        #expect(findingCodes == FindingCode.allCases.map(\.rawValue), "schema $defs.findingCode.enum should be the FindingCode catalogue, in order")
        let errorCodes = (defs["errorCode"] as? [String: Any])?["enum"] as? [String]
        #expect(errorCodes == CheckError.Code.allCases.map(\.rawValue), "schema $defs.errorCode.enum should be CheckError.Code.allCases")
        let parseKinds = ((defs["parseError"] as? [String: Any])?["properties"] as? [String: Any])
            .flatMap { ($0["kind"] as? [String: Any])?["enum"] as? [String] }
        #expect(parseKinds == ParseError.Kind.allCases.map(\.rawValue), "schema $defs.parseError.properties.kind.enum should be ParseError.Kind.allCases")
        for kind in ["checkReport", "batchLine", "inspectReport", "fetchReport"] {
            #expect(defs[kind] != nil, "no \(kind) in the schema")
            #expect(Readme.text.contains("`\(kind)`"), "README does not name the schema's \(kind)")
        }
        #expect(Readme.text.contains("schema/staplecheck-report.schema.json"))
    }
}
