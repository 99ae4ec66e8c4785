import Foundation
import StapleCheckCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 11, as an attacker (or an unlucky operator) would try it: special files where a
/// file is expected, links and device nodes given to `fetch -o`, fields that cannot be
/// decoded, file names that are not UTF-8, and text aimed at the terminal. Through the real
/// binary, each under a short hang guard.
@Suite("Hostile inputs")
struct HostileInputTests {
    // MARK: - Special files are refused, never read, never waited on

    @Test("inspect, --ca-file, --cert and --issuer refuse a FIFO, a socket, a device and a directory at once", arguments: HostileLab.Special.allCases)
    func specialFilesAreRefused(_ special: HostileLab.Special) async throws {
        let hostile = try await HostileLab.shared()
        let lab = hostile.lab
        let node = try hostile.scratch("special-\(special.rawValue)") + "/node"
        try special.make(at: node)
        let uses: [(what: String, arguments: [String], message: String)] = [
            ("inspect FILE", ["inspect", node], "\(node): \(special.refusal)"),
            ("--ca-file", ["inspect", lab.response("good"), "--ca-file", node], "cannot read CA file \(node): \(special.refusal)"),
            ("--cert", ["inspect", lab.response("good"), "--cert", node], "\(node): \(special.refusal)"),
            ("--issuer", ["inspect", lab.response("good"), "--cert", lab.path("good.pem"), "--issuer", node], "\(node): \(special.refusal)"),
        ]
        for use in uses {
            let text = try CLIRun.guarded(use.arguments)
            #expect(text.status == 3, "\(use.what) on a \(special): exit \(text.status) (137: it blocked) \(text.stderr)")
            #expect(text.errorLine == "staplecheck: " + use.message, "\(use.what): \(text.stderr)")
            #expect(text.stdout.isEmpty)
            let json = try CLIRun.guarded(use.arguments + ["--format", "json"])
            #expect(json.status == 3, "\(use.what) --format json on a \(special): \(json.status)")
            #expect(json.value("error.code") as? String == "input", "\(json.stdout)")
        }
        #expect(HostileLab.status(node).map { $0.st_mode & S_IFMT } == special.mode, "left as it was")
    }

    @Test("A device that never ends (/dev/zero, /dev/urandom) as --ca-file is refused, not read for ever")
    func endlessDeviceAsCAFile() async throws {
        let lab = try await HostileLab.shared().lab
        for device in ["/dev/zero", "/dev/urandom"] {
            let run = try CLIRun.guarded(["inspect", lab.response("good"), "--ca-file", device])
            #expect(run.status == 3, "\(device): exit \(run.status)")
            #expect(run.errorLine == "staplecheck: cannot read CA file \(device): is a character device, not a regular file", "\(run.stderr)")
        }
    }

    // MARK: - fetch -o replaces only a staple file

    /// A bench with a real `openssl ocsp` responder and a leaf naming it.
    func responderBench(_ label: String) async throws -> (Bench, OCSPResponderProcess, Bench.Leaf) {
        let bench = try await Bench(label)
        let responder = try bench.responder()
        let leaf = try bench.leaf("leaf", ocsp: responder.url)
        try responder.reload()
        return (bench, responder, leaf)
    }

    func fetch(_ bench: Bench, _ leaf: Bench.Leaf, output: String) throws -> CLIRun {
        try CLIRun.guarded(["fetch", "--cert", leaf.pem, "--issuer", bench.lab.path("int.pem"), "-o", output, "--ca-file", bench.lab.caBundle,
                            "--format", "json"], seconds: 30)
    }

    @Test("fetch -o a device, FIFO, socket or directory: a clear error, exit 3, nothing changed", arguments: HostileLab.Special.allCases)
    func fetchRefusesSpecialOutput(_ special: HostileLab.Special) async throws {
        let (bench, responder, leaf) = try await responderBench("fetch-special-\(special.rawValue)")
        defer { responder.stop() }
        let dir = bench.path("out")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        let node = dir + "/staple.der"
        try special.make(at: node)
        let before = try #require(HostileLab.status(node))
        let asked = responder.requestLines.count  // reload()'s request
        let run = try fetch(bench, leaf, output: node)
        #expect(run.status == 3, "exit \(run.status) (137: it blocked): \(run.stdout)\(run.stderr)")
        #expect(run.value("action") as? String == "none")
        #expect(run.value("error.code") as? String == "input", "\(run.stdout)")
        #expect((run.value("error.message") as? String ?? "").contains(special.refusal), "\(run.stdout)")
        let after = try #require(HostileLab.status(node), "still there")
        #expect(after.st_mode == before.st_mode && after.st_ino == before.st_ino && after.st_rdev == before.st_rdev, "the very same node")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []) == ["staple.der"], "no temporary file left")
        #expect(responder.requestLines.count == asked, "refused before anything was fetched")
    }

    @Test("fetch -o a symbolic link to a staple file replaces that file, in its own directory; the link stays a link")
    func fetchFollowsLinkToStaple() async throws {
        let (bench, responder, leaf) = try await responderBench("fetch-link-staple")
        defer { responder.stop() }
        let targetDir = bench.path("target")
        let linkDir = bench.path("links")
        for dir in [targetDir, linkDir] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false) }
        let target = targetDir + "/staple.der"
        try FileManager.default.copyItem(atPath: bench.lab.response("good"), toPath: target)  // a staple, of another certificate
        let before = try bench.bytes(target)
        let link = linkDir + "/staple.der"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../target/staple.der")
        let run = try fetch(bench, leaf, output: link)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.value("action") as? String == "written", "\(run.stdout)")
        #expect(HostileLab.status(link).map { $0.st_mode & S_IFMT } == S_IFLNK, "the link is still a link")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == "../target/staple.der")
        let written = try bench.bytes(target)
        #expect(written != before && written.count == run.value("staple.size") as? Int, "the target holds the new response")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: targetDir)) ?? []) == ["staple.der"], "no temporary file left")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: linkDir)) ?? []) == ["staple.der"])
        let check = try CLIRun.guarded(["inspect", link, "--cert", leaf.pem, "--issuer", bench.lab.path("int.pem"), "--ca-file",
                                        bench.lab.caBundle, "--no-live", "--format", "json"])
        #expect(check.status == 0 && check.value("staple.certStatus") as? String == "good", "\(check.stdout)")
    }

    @Test("fetch -o a symbolic link to anything but a staple file (a certificate, nothing, a FIFO, a device): refused, nothing changed")
    func fetchRefusesLinkToNonStaple() async throws {
        let (bench, responder, leaf) = try await responderBench("fetch-link-other")
        defer { responder.stop() }
        let dir = bench.path("out")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        let certificate = dir + "/site.pem"
        try FileManager.default.copyItem(atPath: leaf.pem, toPath: certificate)
        let fifo = dir + "/fifo"
        try HostileLab.Special.fifo.make(at: fifo)
        let device = dir + "/null"
        try HostileLab.Special.characterDevice.make(at: device)
        let asked = responder.requestLines.count  // reload()'s request
        let cases: [(target: String, why: String)] = [
            (certificate, "which does not hold an OCSP response"),
            (dir + "/missing.der", "leads to no file"),
            (fifo, "which is a FIFO (named pipe), not a regular file"),
            (device, "which is a character device, not a regular file"),
        ]
        for (index, c) in cases.enumerated() {
            let link = dir + "/link\(index).der"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: c.target)
            let certificateBefore = try bench.bytes(certificate)
            let run = try fetch(bench, leaf, output: link)
            #expect(run.status == 3, "\(c.target): exit \(run.status): \(run.stdout)\(run.stderr)")
            #expect(run.value("error.code") as? String == "input")
            #expect((run.value("error.message") as? String ?? "").contains(c.why), "\(run.stdout)")
            #expect(HostileLab.status(link).map { $0.st_mode & S_IFMT } == S_IFLNK, "\(link) is still a link")
            #expect(try bench.bytes(certificate) == certificateBefore, "the certificate is untouched")
        }
        #expect(HostileLab.status(fifo).map { $0.st_mode & S_IFMT } == S_IFIFO)
        #expect(HostileLab.status(device).map { $0.st_mode & S_IFMT } == S_IFCHR)
        #expect(!FileManager.default.fileExists(atPath: dir + "/missing.der"), "nothing created through a dangling link")
        #expect(responder.requestLines.count == asked, "refused before anything was fetched")
    }

    // MARK: - Unreadable never looks fine

    @Test("A certificate whose notBefore or notAfter cannot be decoded is certificate-malformed (critical), shown UNREADABLE", arguments: [
        ("bad-notbefore.pem", "notBefore"), ("bad-notafter.pem", "notAfter"),
    ])
    func undecodableCertificateTime(_ file: String, _ field: String) async throws {
        let hostile = try await HostileLab.shared()
        let json = try CLIRun.guarded(["inspect", hostile.path(file), "--ca-file", hostile.lab.caBundle, "--format", "json"])
        #expect(json.status == 2, "\(json.stdout)\(json.stderr)")
        #expect(json.severity("certificate-malformed") == "critical", "\(json.findingCodes)")
        #expect((json.finding("certificate-malformed")?["message"] as? String ?? "").contains(field))
        #expect(json.isNull("certificate.\(field)"))
        let text = try CLIRun.guarded(["inspect", hostile.path(file), "--ca-file", hostile.lab.caBundle])
        #expect(text.stdout.contains("UNREADABLE"), "\(text.stdout)")
        #expect(!text.stdout.contains("Verdict: OK"))
    }

    @Test("A served certificate whose notAfter cannot be decoded is certificate-malformed in a live check too")
    func undecodableServedCertificate() async throws {
        let hostile = try await HostileLab.shared()
        let lab = hostile.lab
        let server = try OpenSSLServer(["-cert", hostile.path("bad-notafter.pem"), "-key", lab.path("ecdsa.key"), "-cert_chain", lab.path("int.pem")],
                                       lab: lab)
        defer { server.stop() }
        let run = try CLIRun.guarded(["127.0.0.1:\(server.port)", "--ca-file", lab.caBundle, "--no-live", "--format", "json"])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.severity("certificate-malformed") == "critical", "\(run.findingCodes)")
    }

    @Test("A staple whose producedAt, thisUpdate or nextUpdate cannot be decoded is staple-malformed, its window not valid", arguments: [
        ("bad-thisupdate.der", "thisUpdate", false), ("bad-nextupdate.der", "nextUpdate", false), ("bad-producedat.der", "producedAt", true),
    ])
    func undecodableStapleTime(_ file: String, _ field: String, _ windowStillValid: Bool) async throws {
        let hostile = try await HostileLab.shared()
        let lab = hostile.lab
        let arguments = ["inspect", hostile.path(file), "--cert", lab.path("good.pem"), "--issuer", lab.path("int.pem"), "--ca-file", lab.caBundle,
                         "--no-live"]
        let json = try CLIRun.guarded(arguments + ["--format", "json"])
        #expect(json.status == 2, "\(json.stdout)\(json.stderr)")
        #expect(json.severity("staple-malformed") == "critical", "\(json.findingCodes)")
        #expect((json.finding("staple-malformed")?["message"] as? String ?? "").contains(field))
        #expect(!json.findingCodes.contains("staple-no-next-update"), "an unreadable nextUpdate is not a missing one")
        #expect(json.value("staple.signatureValid") as? Bool == true, "only the time is wrong")
        #expect(json.value("staple.timeValid") as? Bool == windowStillValid)
        #expect(json.value("staple.unreadableTimes") as? [String] == [field])
        let text = try CLIRun.guarded(arguments)
        #expect(text.stdout.contains("UNREADABLE"), "\(text.stdout)")
        #expect(!text.stdout.contains("Verdict: OK"))
    }

    @Test("A NUL byte in the only OCSP URL: ocsp-url-invalid with the escaped value, not no-ocsp-url")
    func nulInOCSPURL() async throws {
        let hostile = try await HostileLab.shared()
        let escaped = hostile.lab.ocspURL + "\\x00evil"  // the lab's OCSP URL, a NUL, "evil"
        let json = try CLIRun.guarded(["inspect", hostile.path("nul-ocsp-url.pem"), "--ca-file", hostile.lab.caBundle, "--format", "json"])
        #expect(json.status == 1, "\(json.stdout)\(json.stderr)")
        #expect(json.findingCodes == ["ocsp-url-invalid"], "\(json.findingCodes)")
        #expect(json.severity("ocsp-url-invalid") == "warning")
        #expect(json.value("certificate.invalidOCSPURLs") as? [String] == [escaped], "\(json.stdout)")
        #expect(json.value("certificate.ocspURLs") as? [String] == [])
        #expect((json.finding("ocsp-url-invalid")?["message"] as? String ?? "").contains(escaped))
        let text = try CLIRun.guarded(["inspect", hostile.path("nul-ocsp-url.pem")])
        #expect(text.stdout.contains("INVALID " + escaped), "\(text.stdout)")
        #expect(!text.stdout.contains("no OCSP responder named"))
    }

    // MARK: - Paths are bytes

    @Test("A file name that is not UTF-8 is opened as given, for inspect FILE and --cert, and reported with \\xNN")
    func nonUTF8FileName() async throws {
        let hostile = try await HostileLab.shared()
        let lab = hostile.lab
        let dir = try hostile.scratch("names")
        // The names are made and passed by the shell (printf), so that no Swift string — which
        // would repair them — carries them.
        let script = """
            cd "$1" && cp "$2" "$(printf 'good-\\377.der')" && cp "$3" "$(printf 'cert-\\376.pem')" && \
            exec "$4" inspect "$(printf 'good-\\377.der')" --cert "$(printf 'cert-\\376.pem')" --issuer "$5" --ca-file "$6" --no-live --format json
            """
        let run = try Subprocess.run(["timeout", "-s", "KILL", "10", "bash", "-c", script, "bash", dir, lab.response("good"), lab.path("good.pem"),
                                      Paths.binary, lab.path("int.pem"), lab.caBundle])
        let result = CLIRun(status: run.status, stdout: run.stdout, stderr: run.stderr)
        #expect(result.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(result.value("file") as? String == "good-\\xff.der", "\(run.stdout)")
        #expect(result.value("kind") as? String == "ocsp-response")
        #expect(result.value("staple.matchesCertificate") as? Bool == true, "--cert was read from its own bytes")
    }

    // MARK: - Nothing reaches the terminal raw

    @Test("JSON output escapes C1 controls and bidirectional overrides and isolates as \\uXXXX; the values decode unchanged")
    func jsonEscapesTerminalControls() async throws {
        let hostile = try await HostileLab.shared()
        let run = try CLIRun.guarded(["inspect", hostile.path("bidi.pem"), "--format", "json"])
        #expect(run.status != 3, "\(run.stderr)")
        for raw in ["\u{85}", "\u{202E}", "\u{2066}"] {
            #expect(!run.stdout.contains(raw), "raw U+\(String(raw.unicodeScalars.first!.value, radix: 16)) in JSON output")
        }
        #expect(run.stdout.contains("CN=a\\u0085b\\u202ec\\u2066d"), "\(run.stdout)")
        #expect(run.value("certificate.subject") as? String == "CN=a\u{85}b\u{202E}c\u{2066}d", "the JSON still means the same")
    }

    @Test("A usage error quotes the offending argument escaped, never raw", arguments: [
        ["--at", "\u{1B}]0;pwned\u{07}", "x"], ["inspect", "--warn-within", "\u{9B}31m\u{202E}", "f"],
    ])
    func usageErrorsEscapeArguments(_ arguments: [String]) throws {
        let run = try CLIRun.guarded(arguments)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(!run.stderr.unicodeScalars.contains { TerminalSafety.isUnsafe($0) && $0 != "\n" }, "\(run.stderr.debugDescription)")
        #expect(run.stderr.contains(arguments[1].unicodeScalars.first == "\u{1B}" ? "\\x1b]0;pwned\\x07" : "\\x9b31m\\u{202e}"),
                "\(run.stderr)")
    }

    // MARK: - One file at a time

    @Test("inspect prints each file's report before it reads the next (a file made after the first report is read fine)")
    func inspectStreamsReports() async throws {
        let hostile = try await HostileLab.shared()
        let dir = try hostile.scratch("stream")
        let later = dir + "/later.der"
        // The first report (the padded response: 120 KB of hex in JSON) overfills the pipe, so
        // the binary is still writing it when the test makes the second file.
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        let pid = try Subprocess.spawn(["timeout", "-s", "KILL", "30", Paths.binary, "inspect", hostile.paddedStaple, later, "--format", "json"],
                                       stdout: fds[1])
        close(fds[1])
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let first = read(fds[0], &buffer, 4096)
        #expect(first > 0)
        if first > 0 { output += buffer[0..<first] }
        try FileManager.default.copyItem(atPath: hostile.lab.response("good"), toPath: later)
        // Read until the child has exited and its output is drained (not until EOF: a child
        // another test spawns meanwhile could hold a copy of the write end).
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        var exited = false
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n > 0 {
                output += buffer[0..<n]
                continue
            }
            if n == 0 || exited { break }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exited = true
                continue
            }
            var poller = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
            _ = poll(&poller, 1, 100)
        }
        close(fds[0])
        if !exited { Subprocess.killGroup(pid) }
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.components(separatedBy: "\"schemaVersion\"").count == 3, "two reports")
        #expect(text.contains("\"file\" : \"\(later)\""))
        #expect(!text.contains("No such file or directory"), "the second file was read after the first report was out")
    }

    @Test("The core hands each report over before it reads the next file")
    func inspectorStreams() async throws {
        let hostile = try await HostileLab.shared()
        let dir = try hostile.scratch("stream-core")
        let later = dir + "/later.der"
        var reports: [InspectReport] = []
        let options = InspectOptions(analysis: AnalysisOptions(now: Date()))
        Inspector.inspect(files: [RawPath(hostile.lab.response("good")), RawPath(later)], options: options) { report in
            if reports.isEmpty { try? FileManager.default.copyItem(atPath: hostile.lab.response("good"), toPath: later) }
            reports.append(report)
        }
        #expect(reports.count == 2)
        #expect(reports.allSatisfy { $0.error == nil && $0.kind == .ocspResponse }, "\(reports.map { $0.error?.message ?? "ok" })")
    }
}
