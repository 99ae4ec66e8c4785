import Foundation
import StapleCheckCore
import Testing

/// Keeps README.md true.
///
/// An example in the README is a fenced block preceded by a marker such as
///
///     <!-- readme-example: leaf=good staple=good exit=0 -->
///
/// whose first line is `$ COMMAND` (continued on the next lines while a line ends in `\`)
/// and whose other lines are the expected output (stdout, then stderr). `leaf=L` starts
/// `openssl s_server` with `lab/L.pem` and the intermediate, stapling
/// `lab/responses/RESPONSE.der` for `staple=RESPONSE` or nothing for `staple=none`; the
/// command's `127.0.0.1:8443` is pointed at that server. Without `leaf` no server is
/// started. The command runs in bash (with `pipefail`) in a directory where `lab/` is the
/// test lab and `staplecheck` is the binary under test; the exit status must be `exit=N`.
/// Output is compared after `ReadmeExample.normalise`, which masks only what differs
/// between runs: timestamps, durations, serial numbers, hashes, byte counts, the port
/// (and trailing blank lines, which a fenced block cannot show).
struct ReadmeExample: Sendable, CustomTestStringConvertible {
    /// 1-based line of the marker in README.md.
    var line: Int
    var leaf: String?
    var staple: String?
    var exitCode: Int32
    var command: String
    var expected: String

    var testDescription: String { "README.md:\(line): $ \(command.prefix(70))" }

    /// The port README commands use for the lab server.
    static let placeholderPort = "8443"
    /// The OCSP responder URL README outputs show for the lab's responder.
    static let placeholderResponder = "http://127.0.0.1:8080/"

    static func normalise(_ text: String) -> String {
        let rules: [(String, String)] = [
            (#"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#, "<time>"),
            (#"\b\d+d \d+h\b"#, "<duration>"),
            (#"\b\d+h \d+m\b"#, "<duration>"),
            (#"\b\d+[ms]\b"#, "<duration>"),
            (#"\b[0-9A-F]{16,}\b"#, "<serial>"),
            (#"\b[0-9a-f]{32,}\b"#, "<hex>"),
            (#"\b\d+ bytes\b"#, "<n> bytes"),
            (#"\b\d+ ms\b"#, "<n> ms"),
            (#""(bytes|latencyMs|size|durationMs|handshakeMs)" : \d+"#, #""$1" : <n>"#),
        ]
        var text = text
        for (pattern, replacement) in rules {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }
}

/// README.md, read once, split into what the tests need.
enum Readme {
    static let path = Paths.root.appendingPathComponent("README.md").path
    static let text: String = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    static let lines: [String] = text.components(separatedBy: "\n")
    static let parsed: (examples: [ReadmeExample], errors: [String]) = parseExamples()
    static var examples: [ReadmeExample] { parsed.examples }

    private static func parseExamples() -> (examples: [ReadmeExample], errors: [String]) {
        var examples: [ReadmeExample] = []
        var errors: [String] = []
        var i = 0
        while i < lines.count {
            defer { i += 1 }
            let line = lines[i].trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("<!-- readme-example:"), line.hasSuffix("-->") else {
                if line.hasPrefix("<!--"), line.contains("readme-example") { errors.append("README.md:\(i + 1): malformed marker: \(line)") }
                continue
            }
            let marker = i + 1
            var fields: [String: String] = [:]
            for pair in line.dropFirst("<!-- readme-example:".count).dropLast(3).split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { errors.append("README.md:\(marker): bad field '\(pair)'"); continue }
                fields[parts[0]] = parts[1]
            }
            guard let exit = fields["exit"].flatMap({ Int32($0) }) else {
                errors.append("README.md:\(marker): marker without exit=N")
                continue
            }
            if (fields["leaf"] == nil) != (fields["staple"] == nil) {
                errors.append("README.md:\(marker): give leaf= and staple= together")
                continue
            }
            var j = i + 1
            while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces).isEmpty { j += 1 }
            guard j < lines.count, lines[j].hasPrefix("```") else {
                errors.append("README.md:\(marker): marker not followed by a fenced block")
                continue
            }
            var body: [String] = []
            j += 1
            while j < lines.count, !lines[j].hasPrefix("```") {
                body.append(lines[j])
                j += 1
            }
            guard j < lines.count else {
                errors.append("README.md:\(marker): unterminated fenced block")
                continue
            }
            guard let first = body.first, first.hasPrefix("$ ") else {
                errors.append("README.md:\(marker): block does not start with '$ COMMAND'")
                continue
            }
            var commandLines = [String(first.dropFirst(2))]
            var k = 1
            while commandLines.last!.hasSuffix("\\"), k < body.count {
                commandLines.append(body[k])
                k += 1
            }
            examples.append(ReadmeExample(
                line: marker, leaf: fields["leaf"], staple: fields["staple"].flatMap { $0 == "none" ? nil : $0 },
                exitCode: exit, command: commandLines.joined(separator: "\n"),
                expected: body[k...].joined(separator: "\n")))
            i = j
        }
        return (examples, errors)
    }

    private static let recordLock = NSLock()

    /// Record mode (`STAPLECHECK_README_RECORD=1 swift test --filter Readme`): rewrites an
    /// example's expected output with what the tool printed, for a maintainer to review in
    /// the diff. The test still fails on that run.
    static func record(_ example: ReadmeExample, output: String) throws {
        recordLock.lock()
        defer { recordLock.unlock() }
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let commandLines = example.command.components(separatedBy: "\n")
        guard let start = lines.indices.first(where: { lines[$0] == "$ " + commandLines[0] }) else { return }
        let bodyStart = start + commandLines.count
        guard let end = lines[bodyStart...].firstIndex(where: { $0.hasPrefix("```") }) else { return }
        lines.replaceSubrange(bodyStart..<end, with: output.components(separatedBy: "\n"))
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The lines of the section that starts with `heading` (up to the next heading of the
    /// same or a higher level).
    static func section(_ heading: String) -> [String] {
        guard let start = lines.firstIndex(of: heading) else { return [] }
        let level = heading.prefix { $0 == "#" }.count
        var end = start + 1
        while end < lines.count {
            let hashes = lines[end].prefix { $0 == "#" }.count
            if hashes > 0, hashes <= level, lines[end].dropFirst(hashes).hasPrefix(" ") { break }
            end += 1
        }
        return Array(lines[(start + 1)..<end])
    }

    /// Table rows (`| … |`) of a section, header and separator rows dropped.
    static func tableRows(_ heading: String) -> [String] {
        Array(section(heading).filter { $0.hasPrefix("|") }.dropFirst(2))
    }
}

@Suite("README.md says what the tool does")
struct ReadmeTests {
    @Test("README.md exists and every example marker is well-formed")
    func markers() {
        #expect(!Readme.text.isEmpty, "cannot read \(Readme.path)")
        #expect(Readme.parsed.errors.isEmpty, "\(Readme.parsed.errors.joined(separator: "\n"))")
    }

    @Test("The README shows text and JSON for the good, revoked and must-staple servers, and inspect")
    func requiredExamples() {
        for leaf in ["good", "revoked", "muststaple"] {
            let live = Readme.examples.filter { $0.leaf == leaf }
            #expect(live.contains { !$0.command.contains("--format json") }, "no text example for \(leaf)")
            #expect(live.contains { $0.command.contains("--format json") }, "no JSON example for \(leaf)")
        }
        #expect(Readme.examples.contains { $0.command.hasPrefix("staplecheck inspect") && $0.exitCode != 3 })
        #expect(Readme.examples.contains { $0.command.hasPrefix("staplecheck inspect") && $0.exitCode == 3 })
    }

    @Test("Each README example is what the tool prints", arguments: Readme.examples)
    func example(_ example: ReadmeExample) async throws {
        let lab = try await Lab.shared()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-readme-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createSymbolicLink(atPath: work + "/lab", withDestinationPath: lab.dir)

        var command = example.command
        var server: OpenSSLServer?
        defer { server?.stop() }
        if let leaf = example.leaf {
            var args = ["-cert", lab.path("\(leaf).pem"), "-key", lab.path("\(leaf).key"), "-cert_chain", lab.path("int.pem")]
            if let staple = example.staple { args += ["-status_file", lab.response(staple)] }
            let started = try OpenSSLServer(args, lab: lab)
            server = started
            let placeholder = "127.0.0.1:" + ReadmeExample.placeholderPort
            try #require(command.contains(placeholder), "a server example must use \(placeholder)")
            command = command.replacingOccurrences(of: placeholder, with: "127.0.0.1:\(started.port)")
        }

        let binDirectory = URL(fileURLWithPath: Paths.binary).deletingLastPathComponent().path
        let path = binDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let run = try Subprocess.run(["timeout", "-s", "KILL", "60", "bash", "-o", "pipefail", "-c",
                                      "cd \"$README_WORKDIR\" && \(command)"],
                                     environment: ["PATH": path, "README_WORKDIR": work])
        var actual = (run.stdout + run.stderr).replacingOccurrences(of: lab.ocspURL, with: ReadmeExample.placeholderResponder)
        if let port = server?.port {
            // In the endpoint table an address is padded to its column: keep the columns
            // aligned when the placeholder is shorter than the real port.
            let pad = String(repeating: " ", count: max(0, String(port).count - ReadmeExample.placeholderPort.count))
            actual = actual.replacingOccurrences(of: ":\(port)(  +)", with: ":" + ReadmeExample.placeholderPort + "$1" + pad,
                                                 options: .regularExpression)
            actual = actual.replacingOccurrences(of: ":\(port)", with: ":" + ReadmeExample.placeholderPort)
                .replacingOccurrences(of: "\"port\" : \(port)", with: "\"port\" : " + ReadmeExample.placeholderPort)
        }
        // A fenced block cannot show trailing blank lines (the text report ends with one when
        // there are no findings), so they are not compared.
        while actual.hasSuffix("\n") { actual.removeLast() }

        #expect(run.status == example.exitCode, "exit status \(run.status), README says \(example.exitCode)")
        var expected = example.expected
        while expected.hasSuffix("\n") { expected.removeLast() }
        let want = ReadmeExample.normalise(expected)
        let got = ReadmeExample.normalise(actual)
        #expect(got == want, Comment(rawValue: Self.difference(want, got, line: example.line) + "\n--- actual output ---\n" + actual))
        if ProcessInfo.processInfo.environment["STAPLECHECK_README_RECORD"] == "1", got != want {
            try Readme.record(example, output: actual)
        }
    }

    /// Names the first line where the README and the tool disagree.
    static func difference(_ want: String, _ got: String, line: Int) -> String {
        let a = want.components(separatedBy: "\n"), b = got.components(separatedBy: "\n")
        for index in 0..<max(a.count, b.count) where index >= a.count || index >= b.count || a[index] != b[index] {
            let readme = index < a.count ? a[index] : "<end of block>"
            let tool = index < b.count ? b[index] : "<end of output>"
            return "output line \(index + 1) of the example at README.md:\(line) differs (after normalising)\n  README: \(readme)\n  tool:   \(tool)"
        }
        return "no difference"
    }

    @Test("The findings table is the catalogue, row for row: every code with its severity rule and title")
    func findingsTable() {
        let expected = FindingCode.allCases.map { "| `\($0.rawValue)` | \($0.severityRule.description) | \($0.title) |" }
        let rows = Readme.tableRows("## Findings")
        #expect(rows == expected, "README.md's findings table should read:\n\(expected.joined(separator: "\n"))")
    }

    @Test("Finding codes survive JSON both ways, and no string outside the catalogue decodes as one")
    func findingCodesInJSON() throws {
        for code in FindingCode.allCases {
            let data = try JSONEncoder().encode([code])
            #expect(String(decoding: data, as: UTF8.self) == "[\"\(code.rawValue)\"]")
            #expect(try JSONDecoder().decode([FindingCode].self, from: data) == [code])
        }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([FindingCode].self, from: Data(#"["staple-expird"]"#.utf8)) }
        #expect(Set(FindingCode.allCases.map(\.rawValue)).count == FindingCode.allCases.count, "a code is declared twice")
    }

    @Test("The error-code table is CheckError.Code.allCases, row for row")
    func errorCodesTable() {
        let expected = CheckError.Code.allCases.map { "| `\($0.rawValue)` | \($0.meaning) |" }
        let rows = Readme.tableRows("#### Error codes")
        #expect(rows == expected, "README.md's error-code table should read:\n\(expected.joined(separator: "\n"))")
    }

    /// The output contract the README promises to jq users.
    static let contractFields = [
        "schemaVersion", "verdict", "stapled", "target.host", "target.port", "target.address", "target.serverName",
        "tls.version", "certificate.serialNumber", "certificate.mustStaple", "certificate.ocspURLs", "certificate.crlURLs",
        "staple", "staple.responseStatus", "staple.certStatus", "staple.revocationTime", "staple.revocationReason",
        "staple.producedAt", "staple.thisUpdate", "staple.nextUpdate", "staple.signatureValid", "staple.signer",
        "staple.matchesCertificate", "staple.timeValid", "findings[]", "error.message",
        "live", "live.certStatus", "live.thisUpdate", "live.nextUpdate", "live.latencyMs", "live.httpStatus", "live.attempts[]",
        "crl", "crl.url", "crl.certStatus", "crl.thisUpdate", "crl.nextUpdate", "target.starttls",
        "findings[].address", "findings[].keyType", "findings[].tlsVersion",
        "endpoints[]", "endpoints[].address", "endpoints[].keyType", "endpoints[].tlsVersions", "endpoints[].verdict",
        "endpoints[].stapled", "endpoints[].certificate", "endpoints[].staple", "endpoints[].handshakes", "endpoints[].findings[]",
        "endpoints[].error", "handshakes.count", "handshakes.stapled", "handshakes.ratio", "timing.durationMs", "timing.handshakeMs",
    ]

    @Test("The JSON fields table documents the contract, and every name in it is in real output")
    func jsonFields() async throws {
        var documented: [String] = []
        for row in Readme.tableRows("### JSON") {
            let firstCell = row.split(separator: "|").first.map(String.init) ?? ""
            documented += firstCell.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }
        for field in Self.contractFields {
            #expect(documented.contains(field), "README.md's JSON table does not document \(field)")
        }

        let lab = try await Lab.shared()
        let server = try OpenSSLServer(["-cert", lab.path("revoked.pem"), "-key", lab.path("revoked.key"), "-cert_chain", lab.path("int.pem"),
                                        "-status_file", lab.response("revoked")], lab: lab)
        defer { server.stop() }
        // --crl: the CRL part is present too (the lab's CRL URL leads nowhere, which is a warning).
        let revoked = try CLIRun.run(["127.0.0.1:\(server.port)", "--servername", "revoked.test", "--ca-file", lab.caBundle, "--crl",
                                      "--format", "json"])
        let failed = try CLIRun.run(["127.0.0.1:\(refusingPort())", "--format", "json"])
        #expect(revoked.status == 2 && failed.status == 3)
        for field in documented {
            let report = field.hasPrefix("error.") ? failed : revoked
            let path = field.hasSuffix("[]") ? String(field.dropLast(2)) : field
            #expect(Self.hasKey(report.json, path), "\(field) is documented but not in the output")
        }
        for finding in (revoked.json?["findings"] as? [[String: Any]]) ?? [] {
            #expect(Set(finding.keys) == ["code", "severity", "message", "fix", "address", "keyType", "tlsVersion", "likelyCause"])
        }
    }

    /// The fields a batch adds to each target's object.
    static let batchContractFields = ["input", "input.source", "input.line", "input.text"]

    @Test("The batch fields table documents input, and every name in it is in real NDJSON output")
    func batchFields() async throws {
        var documented: [String] = []
        for row in Readme.tableRows("### Many targets") {
            let firstCell = row.split(separator: "|").first.map(String.init) ?? ""
            documented += firstCell.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }
        #expect(documented == Self.batchContractFields)
        let port = refusingPort()
        let run = try CLIRun.run(["127.0.0.1:\(port)", "127.0.0.1:\(port)", "--format", "ndjson"])
        #expect(run.status == 3)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            for field in documented { #expect(Self.hasKey(object, field), "\(field) is documented but not in the output") }
        }
    }

    /// True when the dotted path names a key, whatever its value (null included); `name[]`
    /// steps into the array's first element ("endpoints[].address").
    static func hasKey(_ json: [String: Any]?, _ path: String) -> Bool {
        var current: Any? = json
        for part in path.split(separator: ".") {
            let key = part.hasSuffix("[]") ? String(part.dropLast(2)) : String(part)
            guard let object = current as? [String: Any], object.keys.contains(key) else { return false }
            current = object[key]
            if part.hasSuffix("[]") {
                guard let array = current as? [Any], let first = array.first else { return false }
                current = first
            }
        }
        return true
    }

    @Test("The README opens with make demo and make test, and CI runs exactly the README's test command")
    func quickStart() throws {
        let firstBlock = Readme.lines.drop { !$0.hasPrefix("```") }.dropFirst().prefix { !$0.hasPrefix("```") }
        let commands = firstBlock.map { $0.split(separator: "#").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        #expect(commands == ["make demo", "make test"])
        let ci = try String(contentsOf: Paths.root.appendingPathComponent(".ci/run"), encoding: .utf8)
        let steps = ci.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("set ") && !$0.hasPrefix("cd ") }
        #expect(steps == ["make test"])
    }
}
