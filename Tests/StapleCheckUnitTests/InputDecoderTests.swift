import Foundation
@testable import StapleCheckCore
import Testing

@Suite("Reading input files")
struct InputDecoderTests {
    /// A PEM CERTIFICATE block around `der`, 64 base64 characters a line.
    static func pem(_ der: [UInt8]) -> [UInt8] {
        let text = Data(der).base64EncodedString()
        var lines = ["-----BEGIN CERTIFICATE-----"]
        var rest = Substring(text)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        lines.append("-----END CERTIFICATE-----")
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    @Test("A PEM certificate block is read when it holds exactly one certificate")
    func exactPEM() throws {
        let report = Inspector.inspect(bytes: Self.pem(try Fixtures.bytes("lab/good.der")), name: "good.pem",
                                       options: AnalysisOptions(now: FixtureLab.now))
        #expect(report.error == nil)
        #expect(report.kind == .certificate)
    }

    @Test("A PEM certificate block with bytes after the DER is refused, like a DER file with trailing bytes")
    func trailingBytesInPEM() throws {
        let der = try Fixtures.bytes("lab/good.der")
        let report = Inspector.inspect(bytes: Self.pem(der + [0, 0, 0]), name: "padded.pem", options: AnalysisOptions(now: FixtureLab.now))
        #expect(report.error?.code == .input)
        #expect(report.error?.message == "padded.pem: a CERTIFICATE block with 3 bytes after the certificate's DER")
        let derReport = Inspector.inspect(bytes: der + [0, 0, 0], name: "padded.der", options: AnalysisOptions(now: FixtureLab.now))
        #expect(derReport.error?.code == .input)
    }
}
