import Foundation
@testable import StapleCheckCLI
@testable import StapleCheckCore
import Testing

/// The pure parts of issue 11's fixes: file names as bytes, terminal-safe JSON and usage
/// errors, and the size limits judged on captures (no process, no socket).
@Suite("Hostile inputs, in memory")
struct HostileInputUnitTests {
    @Test("A file name is its bytes; text shows UTF-8 as it is and every other byte as \\xNN")
    func rawPathDescription() {
        #expect(RawPath(bytes: Array("Zürich.der".utf8)).description == "Zürich.der")
        #expect(RawPath(bytes: Array("good-".utf8) + [0xFF] + Array(".der".utf8)).description == "good-\\xff.der")
        #expect(RawPath(bytes: [0xC3]).description == "\\xc3", "a truncated sequence")
        #expect(RawPath(bytes: [0xE2, 0x82, 0x41]).description == "\\xe2\\x82A")
        #expect(RawPath(bytes: [0xFE]) != RawPath(bytes: [0xFF]), "two names never read alike")
        #expect(RawPath(bytes: [0xFE]).description != RawPath(bytes: [0xFF]).description)
    }

    @Test("Parsed arguments map back to the bytes given: operands in order, --option=value, untouched UTF-8")
    func rawArguments() {
        let raw: [[UInt8]] = [Array("inspect".utf8), Array("a".utf8) + [0xFF], Array("a".utf8) + [0xFE],
                              Array("--cert=c".utf8) + [0x80], Array("plain.der".utf8)]
        let repaired = "a\u{FFFD}"
        #expect(RawArguments.paths(for: [repaired, repaired, "plain.der"], in: raw).map(\.bytes)
                == [Array("a".utf8) + [0xFF], Array("a".utf8) + [0xFE], Array("plain.der".utf8)])
        #expect(RawArguments.path(for: "c\u{FFFD}", in: raw).bytes == Array("c".utf8) + [0x80])
        #expect(RawArguments.path(for: "Zürich", in: raw).bytes == Array("Zürich".utf8))
    }

    @Test("JSON escapes C1 controls, DEL and bidirectional marks, overrides and isolates as \\uXXXX, and still means the same")
    func jsonEscapesTerminalControls() throws {
        var certificate = CertificateInfo(subject: "CN=a\u{85}b\u{9B}c\u{202E}d\u{2066}e\u{200F}f\u{7F}g", issuer: "CN=Zürich ✓", serialNumber: "01",
                                          notBefore: nil, notAfter: nil, subjectAltNames: [], ocspURLs: [], crlURLs: [], mustStaple: false,
                                          tlsFeatures: [], keyType: "EC", signatureAlgorithm: "x", sha256Fingerprint: "00")
        certificate.invalidOCSPURLs = ["http://x/\u{0}"]
        let report = Report(checkedAt: Date(timeIntervalSince1970: 0), target: TargetInfo(host: "h\u{1B}", port: 1), certificate: certificate)
        let data = try Report.json(report)
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.unicodeScalars.contains { TerminalSafety.isUnsafe($0) && $0 != "\n" }, "\(text.debugDescription)")
        #expect(text.contains("CN=a\\u0085b\\u009bc\\u202ed\\u2066e\\u200ff\\u007fg"))
        #expect(text.contains("CN=Zürich ✓"), "other text is kept as it is")
        let decoded = try Report.jsonDecoder().decode(Report.self, from: data)
        #expect(decoded.certificate == certificate)
        #expect(decoded.target.host == "h\u{1B}")
    }

    @Test("A usage error's quoted arguments are escaped whole, newlines included; its own line breaks stay")
    func usageErrorEscaping() {
        let argument = "\u{1B}]0;pwned\u{07}\nVerdict: OK"
        let message = "Error: The value '\(argument)' is invalid for '--at <time>'\nUsage: staplecheck [check] <target>\n"
        let escaped = StapleCheckCommand.escapeUsage(message, arguments: ["--at", argument, "x"])
        #expect(escaped == "Error: The value '\\x1b]0;pwned\\x07\\x0aVerdict: OK' is invalid for '--at <time>'\nUsage: staplecheck [check] <target>\n")
    }

    func capture(tls: TLSVersion = .tls13, chain: [Int], staple: Int?, message: Int?, tooLarge: Bool = false) -> HandshakeCapture {
        HandshakeCapture(address: "127.0.0.1:443", tlsVersion: tls, cipher: "x", chainDER: chain.map { [UInt8](repeating: 0, count: $0) },
                         stapleDER: staple.map { [UInt8](repeating: 0, count: $0) }, certificateMessageSize: message,
                         stapleTooLargeToRead: tooLarge)
    }

    @Test("Size limits: which message is too large for whom")
    func sizeLimits() {
        let codes = { (c: HandshakeCapture) in MessageSizeLimits.findings(c).map(\.code) }
        #expect(codes(capture(chain: [2_000, 1_000], staple: 1_000, message: 4_100)) == [])
        #expect(codes(capture(chain: [102_000], staple: nil, message: 102_400)) == [], "at the limit is fine")
        #expect(codes(capture(tls: .tls12, chain: [150_000, 1_000], staple: nil, message: 151_012)) == [.chainTooLarge])
        #expect(codes(capture(chain: [150_000, 1_000], staple: 2_000, message: 153_030)) == [.chainTooLarge])
        #expect(codes(capture(chain: [50_000, 1_000], staple: 60_000, message: 111_000)) == [.stapleTooLarge])
        #expect(codes(capture(tls: .tls12, chain: [2_000], staple: nil, message: 2_010, tooLarge: true)) == [.stapleTooLarge])
        #expect(MessageSizeLimits.certificateMessageSize([[UInt8](repeating: 0, count: 100)], tls13: true) == 4 + 1 + 3 + 3 + 100 + 2)
        let huge = MessageSizeLimits.findings(capture(chain: [300_000], staple: nil, message: 300_012))
        #expect(huge.first?.message.contains("Go's crypto/tls refuses it too") == true)
    }

    @Test("An unreadable staple makes a report that says a staple was sent")
    func stapledButUnreadable() throws {
        var report = Report(checkedAt: Date(timeIntervalSince1970: 0), target: TargetInfo(host: "h", port: 1))
        #expect(!report.stapled)
        // The primary endpoint's handshakes carried a staple (HandshakeCapture.stapled), but
        // none could be read: `staple` stays nil.
        report.endpoints = [EndpointReport(address: "127.0.0.1:443", keyType: nil, tlsVersions: [.tls12], certificate: nil, staple: nil,
                                           handshakes: HandshakeTally(sequence: [true]), findings: [])]
        #expect(report.stapled)
        #expect(capture(tls: .tls12, chain: [10], staple: nil, message: 20, tooLarge: true).stapled, "a handshake that carried one")
        let decoded = try Report.jsonDecoder().decode(Report.self, from: try Report.json(report))
        #expect(decoded.stapled && decoded.staple == nil)
    }
}
