import Foundation
@testable import StapleCheckCLI
@testable import StapleCheckCore
import Testing

/// STARTTLS without sockets: which port implies which protocol, `--starttls` parsed, the
/// quoting of server replies, and refusals judged from a survey.
@Suite("STARTTLS: port implication, --starttls, quoting, refusals judged")
struct StartTLSUnitTests {
    @Test("Well-known cleartext ports imply their protocol; implicit-TLS ports and others none", arguments: [
        (25, "smtp"), (587, "smtp"), (143, "imap"), (110, "pop3"), (21, "ftp"), (5222, "xmpp"), (5269, "xmpp-server"),
        (389, "ldap"), (5432, "postgres"), (3306, "mysql"), (119, "nntp"), (4190, "sieve"),
        (465, nil), (993, nil), (995, nil), (636, nil), (443, nil), (8443, nil), (24, nil),
    ] as [(Int, String?)])
    func implied(_ port: Int, _ proto: String?) {
        #expect(StartTLSProtocol.implied(byPort: port)?.rawValue == proto)
        #expect(StartTLSChoice.impliedByPort.protocol(forPort: port)?.rawValue == proto)
        #expect(StartTLSChoice.off.protocol(forPort: port) == nil)
        #expect(StartTLSChoice.using(.ldap).protocol(forPort: port) == .ldap)
    }

    @Test("--starttls takes every protocol and none; the default follows the port")
    func option() throws {
        for proto in StartTLSProtocol.allCases {
            let command = try CheckCommand.parse(["example.test:8025", "--starttls", proto.rawValue])
            #expect(command.target.starttls.choice == .using(proto))
        }
        #expect(try CheckCommand.parse(["example.test:25", "--starttls", "none"]).target.starttls.choice == .off)
        #expect(try CheckCommand.parse(["example.test:25"]).target.starttls.choice == .impliedByPort)
        #expect(throws: (any Error).self) { try CheckCommand.parse(["example.test", "--starttls", "irc"]) }
        #expect(StartTLSArgument.allValueStrings.count == StartTLSProtocol.allCases.count + 1)
    }

    @Test("Replies are quoted escaped and bounded")
    func quote() {
        #expect(StartTLSQuote.quote(Array("454 TLS currently unavailable".utf8)) == "\"454 TLS currently unavailable\"")
        #expect(StartTLSQuote.quote([0x1B, 0x5B, 0x32, 0x4A, 0x07, 0x0D, 0x0A, 0xE2, 0x80, 0xAE, 0x22, 0x5C]) == #""\x1b[2J\x07\r\n\xe2\x80\xae\"\\""#)
        let long = StartTLSQuote.quote([UInt8](repeating: UInt8(ascii: "A"), count: 10_000))
        #expect(long.hasSuffix(" (\(10_000 - StartTLSQuote.limit) more bytes)"))
        #expect(long.count < StartTLSQuote.limit + 40)
    }

    @Test("A capability is a line's first word, case-insensitive")
    func capabilities() {
        let ehlo = NumericReply(code: 250, lines: ["mail.test Hello", "SIZE 10240000", "starttls", "HELP"])
        #expect(ehlo.lists("STARTTLS"))
        #expect(!NumericReply(code: 250, lines: ["mail.test says STARTTLS", "X-STARTTLS"]).lists("STARTTLS"))
    }

    @Test("The LDAP StartTLS request is the RFC 4511 ExtendedRequest with OID 1.3.6.1.4.1.1466.20037")
    func ldapRequest() {
        let request = StartTLSDialogue.ldapStartTLSRequest
        #expect(request.count == 31 && Int(request[1]) == request.count - 2)
        var reader = BERReader(Array(request[2...]))
        #expect(reader.next()?.content == [1])
        let op = reader.next()
        #expect(op?.tag == 0x77)
        var name = BERReader(op?.content ?? [])
        #expect(name.next().map { String(decoding: $0.content, as: UTF8.self) } == "1.3.6.1.4.1.1466.20037")
    }

    // MARK: - Refusals judged

    func judge(_ addresses: [AddressSurvey]) throws -> Report {
        let options = AnalysisOptions(now: FixtureLab.now, trust: .file(FixtureLab.caBundle))
        let store = try TrustStore(options.trust, at: options.now)
        return Analysis.report(for: Survey(addresses: addresses),
                               target: TargetInfo(host: "mail.test", port: 25, serverName: "mail.test", starttls: .smtp),
                               options: options, store: store).report
    }

    static let refusal = StartTLSRefusal(command: "STARTTLS", reply: "\"454 TLS currently unavailable\"")

    @Test("Refused on every connection: a report (not an error), critical, with the one finding at the address")
    func refusedEverywhere() throws {
        let report = try judge([AddressSurvey(address: "127.0.0.1:25", captures: [], refusals: Array(repeating: Self.refusal, count: 3))])
        #expect(report.error == nil)
        #expect(report.verdict == .critical)
        #expect(report.findings.map(\.code) == [.starttlsRefused])
        #expect(report.findings.first?.address == "127.0.0.1:25")
        #expect(report.findings.first?.message.contains("every time (3 of 3 connections)") == true)
        #expect(report.findings.first?.message.contains("tls_ocsp_file") == true)
        #expect(report.target.address == "127.0.0.1:25")
        #expect(report.endpoints.count == 1 && report.endpoints.first?.verdict == .critical)
        let json = try JSONSerialization.jsonObject(with: Report.json(report)) as? [String: Any]
        #expect((json?["target"] as? [String: Any])?["starttls"] as? String == "smtp")
    }

    @Test("Refused on some connections: the stapled endpoint is judged, and the refusal makes it critical")
    func refusedSometimes() throws {
        var captures: [HandshakeCapture] = []
        for _ in 0..<4 {
            var capture = try FixtureLab.capture(leaf: "good", response: "good")
            capture.address = "127.0.0.1:25"
            captures.append(capture)
        }
        let report = try judge([AddressSurvey(address: "127.0.0.1:25", captures: captures, refusals: [Self.refusal])])
        #expect(report.verdict == .critical)
        #expect(report.findings.map(\.code) == [.starttlsRefused])
        #expect(report.findings.first?.message.contains("on 1 of 5 connections") == true)
        #expect(report.staple != nil)
        #expect(report.endpoints.first?.findings.map(\.code) == [.starttlsRefused])
    }
}
