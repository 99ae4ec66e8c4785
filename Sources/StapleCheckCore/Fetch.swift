#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// What `staplecheck fetch` did with the output file.
public enum FetchAction: String, Codable, Sendable {
    /// A fresh, fully verified response replaced (or created) the file.
    case written
    /// The file was valid for at least --min-validity: nothing was fetched.
    case skipped
    /// The responder's answer was valid but older than the file's: the file was kept.
    case kept
    /// Nothing acceptable was fetched: the file is untouched.
    case none
}

public struct FetchOptions: Sendable {
    public var analysis: AnalysisOptions
    public var certificatePath: String
    public var issuerPath: String?
    public var outputPath: String
    /// Skip the fetch while the current file stays valid at least this long.
    public var minValidity: TimeInterval?
    public var hash: OCSPHashAlgorithm
    public var nonce: Bool
    public var timeout: Double
    public var http: any HTTPClient

    public init(analysis: AnalysisOptions, certificatePath: String, issuerPath: String? = nil, outputPath: String,
                minValidity: TimeInterval? = nil, hash: OCSPHashAlgorithm = .sha1, nonce: Bool = false, timeout: Double = 10,
                http: any HTTPClient = CurlHTTPClient()) {
        self.analysis = analysis
        self.certificatePath = certificatePath
        self.issuerPath = issuerPath
        self.outputPath = outputPath
        self.minValidity = minValidity
        self.hash = hash
        self.nonce = nonce
        self.timeout = timeout
        self.http = http
    }
}

/// The result of one `fetch`.
public struct FetchReport: Encodable, Sendable {
    public var schemaVersion: Int = StapleCheck.schemaVersion
    public var tool: ToolInfo = .current
    public var checkedAt: Date
    public var action: FetchAction
    public var output: String
    /// One sentence: why this action.
    public var reason: String
    public var certificate: CertificateInfo?
    /// The file as it was before, judged like a staple; nil when there was none.
    public var existing: StapleInfo?
    /// The response written, kept or refused, judged like a staple.
    public var staple: StapleInfo?
    public var live: LiveInfo?
    public var findings: [Finding]
    public var error: CheckError?

    /// ok when the file now holds a valid response (written, skipped, kept); critical when
    /// the responder's answer was refused; error when nothing could be fetched or read.
    public var verdict: Verdict {
        if error != nil { return .error }
        return action == .none ? .critical : .ok
    }

    init(checkedAt: Date, output: String) {
        self.checkedAt = checkedAt
        self.output = output
        action = .none
        reason = ""
        findings = []
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, tool, checkedAt, verdict, action, output, reason, certificate, existing, staple, live, findings, error
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(tool, forKey: .tool)
        try c.encode(checkedAt, forKey: .checkedAt)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(action, forKey: .action)
        try c.encode(output, forKey: .output)
        try c.encode(reason, forKey: .reason)
        try c.encode(certificate, forKey: .certificate)
        try c.encode(existing, forKey: .existing)
        try c.encode(staple, forKey: .staple)
        try c.encode(live, forKey: .live)
        try c.encode(findings, forKey: .findings)
        try c.encodeIfPresent(error, forKey: .error)
    }
}

/// `staplecheck fetch`: keeps a verified staple file ready for nginx `ssl_stapling_file`,
/// HAProxy `<cert>.ocsp` or any file-based stapling. The file is only ever replaced whole,
/// by a response that verifies completely and is not older than the one it replaces.
public enum Fetcher {
    public static func fetch(_ options: FetchOptions) -> FetchReport {
        let now = options.analysis.now
        var report = FetchReport(checkedAt: now, output: options.outputPath)
        let context: Inspector.Context
        do throws(CheckError) {
            context = try Inspector.Context(InspectOptions(analysis: options.analysis, certificatePath: options.certificatePath,
                                                           issuerPath: options.issuerPath))
        } catch {
            report.error = error
            report.reason = error.message
            return report
        }
        guard let subject = context.revocationSubject else {
            report.error = CheckError(code: "input", message: "\(options.certificatePath): no certificate")
            return report
        }
        let certificate = CertificateInfo(subject.leaf)
        report.certificate = certificate
        let analyzer = StapleAnalyzer(store: subject.store, now: now, warnWithin: options.analysis.warnWithin)
        AtomicFile.removeOrphans(of: options.outputPath)

        // The file as it is: a valid one is never replaced by anything worse or older.
        var existingValid = false
        if let bytes = try? InputDecoder.read(options.outputPath) {
            let (info, _) = analyzer.analyze(bytes, for: subject.stapleSubject)
            report.existing = info
            existingValid = RevocationJudge.stapleValid(info)
        }
        if let minimum = options.minValidity, existingValid, let next = report.existing?.nextUpdate,
           next.timeIntervalSince(now) >= minimum {
            report.action = .skipped
            report.staple = report.existing
            report.reason = "\(options.outputPath) is valid until \(ISO8601.string(next)), at least the --min-validity asked for: nothing fetched."
            return report
        }

        let revocation = RevocationOptions(live: true, hash: options.hash, nonce: options.nonce, probes: 1, http: options.http)
        let query = RevocationQuery(options: revocation, analysis: options.analysis, deadline: Deadline(seconds: options.timeout),
                                    totalTimeout: options.timeout)
        let outcome = query.live(subject, urls: certificate.ocspURLs)
        report.live = outcome.info
        report.findings = RevocationJudge.findings(.init(certificate: certificate, staple: nil, live: outcome.info, crl: nil,
                                                         now: now, options: revocation))
        guard let chosen = outcome.chosen, outcome.info.attempts[chosen.attempt].result == .ok else {
            report.staple = outcome.chosen?.info
            let attempts = outcome.info.attempts
            if attempts.isEmpty || attempts.allSatisfy(\.result.isTransport) {
                let why = outcome.info.error ?? attempts.last?.error ?? "no answer"
                report.error = CheckError(code: "fetch", message: "could not fetch an OCSP response for \(options.certificatePath): \(why); \(options.outputPath) left as it was")
                report.reason = report.error?.message ?? ""
            } else {
                report.reason = "no acceptable response (\(outcome.info.result?.rawValue ?? "?"): \(attempts[outcome.chosen?.attempt ?? attempts.count - 1].error ?? "")); \(options.outputPath) left as it was."
            }
            return report
        }
        report.staple = chosen.info
        guard chosen.info.certStatus == .good else {
            report.reason = "the responder says \(chosen.info.certStatus?.rawValue ?? "?"): only a good response is written; \(options.outputPath) left as it was."
            return report
        }
        if existingValid, let old = report.existing?.thisUpdate, let new = chosen.info.thisUpdate, old > new {
            report.action = .kept
            report.staple = report.existing
            report.reason = "\(options.outputPath) holds a newer valid response (thisUpdate \(ISO8601.string(old))) than the responder's (\(ISO8601.string(new))): kept."
            return report
        }
        do throws(CheckError) {
            try AtomicFile.replace(options.outputPath, with: chosen.der)
        } catch {
            report.error = error
            report.reason = error.message
            return report
        }
        report.action = .written
        report.reason = "wrote a verified good response valid until \(chosen.info.nextUpdate.map(ISO8601.string) ?? "?") to \(options.outputPath)."
        return report
    }
}

/// Replaces a file so that readers see either the old bytes or the new, never a mix: a
/// temporary file in the same directory, fsync, rename over the target, fsync the directory.
enum AtomicFile {
    /// `.NAME.staplecheck-PID.tmp` beside the target: the PID tells a dead writer's leftover.
    static func temporaryName(for path: String, pid: Int32) -> String {
        let (dir, name) = split(path)
        return dir + "/." + name + ".staplecheck-\(pid).tmp"
    }

    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }

    static func replace(_ path: String, with bytes: [UInt8]) throws(CheckError) {
        func fail(_ what: String, _ code: Int32 = errno) -> CheckError {
            CheckError(code: "io", message: "cannot write \(path): \(what): \(String(cString: strerror(code)))")
        }
        let temporary = temporaryName(for: path, pid: getpid())
        var mode: mode_t = 0o644
        var current = stat()
        if stat(path, &current) == 0 { mode = current.st_mode & 0o7777 }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw fail("cannot create \(temporary)") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let error = fail("write")
                close(fd)
                unlink(temporary)
                throw error
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let error = fail("fsync")
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = fail("rename")
            unlink(temporary)
            throw error
        }
        let dir = open(split(path).directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir)  // the rename itself survives a crash
            close(dir)
        }
    }

    /// Removes temporary files left by writers that died before their rename.
    static func removeOrphans(of path: String) {
        let (dir, name) = split(path)
        guard let handle = opendir(dir) else { return }
        defer { closedir(handle) }
        let prefix = "." + name + ".staplecheck-"
        while let entry = readdir(handle) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard entryName.hasPrefix(prefix), entryName.hasSuffix(".tmp"),
                  let pid = Int32(entryName.dropFirst(prefix.count).dropLast(4)), pid > 0 else { continue }
            if !isRunning(pid) { unlink(dir + "/" + entryName) }
        }
    }

    /// A process that exists and is not a zombie (a killed writer can stay one until its
    /// new parent reaps it). A reused PID keeps a leftover: the safe side.
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = read(fd, &buffer, buffer.count)
        // "PID (COMM) STATE …": the state follows the last ')', COMM may hold anything.
        guard n > 0, let close = buffer[0..<n].lastIndex(of: UInt8(ascii: ")")), close + 2 < n else { return true }
        return buffer[close + 2] != UInt8(ascii: "Z")
    }
}
