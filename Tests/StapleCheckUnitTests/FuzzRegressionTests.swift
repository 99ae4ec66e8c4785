import Foundation
@testable import StapleCheckCore
import Testing

/// Every input the fuzzer (`make fuzz`, docs/ROBUSTNESS.md) ever crashed on, kept in
/// Fixtures/fuzz-regressions/, goes through the same entry the fuzzer drives: a report or a
/// one-line error, never a trap. FuzzRegressionCLITests runs them through the real CLI.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    static let folder = Fixtures.folder.appendingPathComponent("fuzz-regressions")

    /// The file names in the folder, sorted (an unreadable folder fails `folderIsThere`).
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { !$0.hasPrefix(".") }.sorted()

    static let pinnedNow = Date(timeIntervalSince1970: 1_790_000_000)

    /// What each input must give, stated here rather than read back from the report: an error
    /// whose message says this, or a report about an object of this kind.
    enum Outcome: Sendable {
        case error(saying: String)
        case report(InputKind)
    }

    /// One line per file in the folder (a file without one fails `folderIsThere`).
    static let expected: [String: Outcome] = [
        "base64-padding-inside-text": .error(saying: "not a readable certificate, CSR or OCSP response"),
        "ocsp-version-beyond-64-bits.der": .report(.ocspResponse),
        "ocsp-version-int64-max.der": .report(.ocspResponse),
    ]

    func path(_ name: String) -> String { Self.folder.appendingPathComponent(name).path }

    @Test("The regression folder exists, is not empty, and each file in it has its expected outcome")
    func folderIsThere() {
        #expect(!Self.files.isEmpty, "\(Self.folder.path)")
        #expect(Set(Self.files) == Set(Self.expected.keys), "FuzzRegressionTests.expected should list exactly \(Self.files)")
    }

    @Test("Decoding and analysis entry: the expected report, or a one-line error naming the input", arguments: files)
    func library(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
        let report = Inspector.inspect(bytes: bytes, name: name, options: AnalysisOptions(now: Self.pinnedNow))
        switch try #require(Self.expected[name], "no expected outcome for \(name)") {
        case .error(let saying):
            let error = try #require(report.error, "\(name) should be refused, got a \(String(describing: report.kind)) report")
            #expect(error.message.hasPrefix("\(name): "), "\(error.message)")
            #expect(error.message.contains(saying), "\(error.message)")
            #expect(!error.message.contains("\n"))
            #expect(report.kind == nil)
        case .report(let kind):
            #expect(report.error == nil, "\(String(describing: report.error))")
            #expect(report.kind == kind)
        }
    }

    @Test("Bytes over the file size limit are refused, not handed to OpenSSL")
    func oversizedBytes() {
        let bytes = Array("-----BEGIN CERTIFICATE-----\n".utf8) + [UInt8](repeating: 0x41, count: InputDecoder.maximumSize)
        let report = Inspector.inspect(bytes: bytes, name: "big.pem", options: AnalysisOptions(now: Self.pinnedNow))
        #expect(report.verdict == .error)
        #expect(report.error?.message.hasPrefix("big.pem: too large") == true, "\(String(describing: report.error))")
    }

    @Test("An OCSP version INTEGER of any size is quoted, never computed with")
    func hugeVersions() throws {
        for (name, version, text) in [("ocsp-version-int64-max.der", Int.max as Int?, "9223372036854775807"),
                                      ("ocsp-version-beyond-64-bits.der", nil, "1208925819614629174706176")] {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
            let report = Inspector.inspect(bytes: bytes, name: name, options: AnalysisOptions(now: Self.pinnedNow))
            #expect(report.ocsp?.version == version, "\(name)")
            let finding = report.findings.first { $0.code == .stapleUnsupportedVersion }
            #expect(finding?.message.contains("version \(text) as encoded") == true, "\(name): \(report.findings)")
        }
    }

    @Test("Base64 padding only at the end: at most two '=', then nothing but whitespace")
    func base64Padding() throws {
        let good = try FixtureLab.responseBytes("good")
        let encoded = Array(Data(good).base64EncodedString().utf8)
        #expect(try InputDecoder.decode(encoded + Array("\n\n".utf8), name: "b64").1 == .base64)

        // The same text with '=' inside it, or with extra padding, is not base64.
        var inside = encoded
        inside[8] = UInt8(ascii: "=")
        let extra = encoded + Array("====".utf8)
        for bad in [inside, extra, Array("====".utf8), Array("QQ=\n==".utf8), Array("QQ==QQ==".utf8), Array("QQ==\nQUJD".utf8)] {
            #expect(throws: CheckError.self) { try InputDecoder.decode(bad, name: "b64") }
        }
        // Short but well formed: decoded, then refused as no certificate, CSR or response.
        do throws(CheckError) {
            _ = try InputDecoder.decode(Array("MAA=".utf8), name: "b64")
            Issue.record("MAA= decoded to an object")
        } catch {
            #expect(error.message.contains("base64 text"), "\(error.message)")
        }
    }
}
