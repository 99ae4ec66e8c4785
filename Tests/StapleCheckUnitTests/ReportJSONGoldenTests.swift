import Foundation
@testable import StapleCheckCore
import Testing

/// The JSON contract, byte for byte: every model type fully populated and nearly empty
/// (ReportSamples), encoded as the CLI encodes it, against Fixtures/json/NAME.json. Explicit
/// nulls, omitted keys, key order and value spellings are all part of what users' jq
/// filters read, so any change here is a change of contract.
///
/// To rewrite the files after a deliberate contract change:
/// `STAPLECHECK_RECORD_GOLDEN=1 swift test --filter ReportJSONGoldenTests`, then review the diff.
@Suite("JSON golden files")
struct ReportJSONGoldenTests {
    static let recording = ProcessInfo.processInfo.environment["STAPLECHECK_RECORD_GOLDEN"] == "1"

    static func check(_ value: some Encodable, _ name: String) throws {
        let data = try Report.jsonEncoder().encode(value) + Data("\n".utf8)
        let path = Fixtures.path("json/\(name).json")
        if recording {
            try FileManager.default.createDirectory(atPath: Fixtures.path("json"), withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path))
            return
        }
        let golden = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(String(decoding: data, as: UTF8.self) == String(decoding: golden, as: UTF8.self), "\(name)")
    }

    @Test("Server check reports", arguments: ReportSamples.reports.map(\.name))
    func report(name: String) throws {
        let report = try #require(ReportSamples.reports.first { $0.name == name }).report
        try Self.check(report, name)
        let back = try Report.jsonDecoder().decode(Report.self, from: Report.jsonEncoder().encode(report))
        #expect(back == report)
    }

    @Test("Inspect reports", arguments: ReportSamples.inspectReports.map(\.name))
    func inspect(name: String) throws {
        try Self.check(try #require(ReportSamples.inspectReports.first { $0.name == name }).report, name)
    }

    @Test("Fetch reports", arguments: ReportSamples.fetchReports.map(\.name))
    func fetch(name: String) throws {
        try Self.check(try #require(ReportSamples.fetchReports.first { $0.name == name }).report, name)
    }

    @Test("Nested types decode from the JSON they encode")
    func nestedRoundTrip() throws {
        func roundTrip<T: Codable & Equatable>(_ value: T) throws {
            let back = try Report.jsonDecoder().decode(T.self, from: Report.jsonEncoder().encode(value))
            #expect(back == value, "\(T.self)")
        }
        for staple in [ReportSamples.staple, ReportSamples.sparseStaple, ReportSamples.oddStaple] { try roundTrip(staple) }
        for live in [ReportSamples.live, ReportSamples.sparseLive] { try roundTrip(live) }
        for crl in [ReportSamples.crl, ReportSamples.sparseCRL] { try roundTrip(crl) }
        for ocsp in [ReportSamples.ocsp, ReportSamples.sparseOCSP, ReportSamples.unsupportedOCSP] { try roundTrip(ocsp) }
        try roundTrip(ReportSamples.csr)
        try roundTrip(ReportSamples.oddTLS)
    }

    @Test("Open code lists: each name reads back as its value, any other number as unknown(N)")
    func namedCodes() throws {
        func check<Code: NamedCode>(_: Code.Type, unnamed: Int) throws {
            for (code, name) in Code.names {
                #expect(code.description == name)
                #expect(try Report.jsonDecoder().decode(Code.self, from: Data("\"\(name)\"".utf8)) == code)
            }
            let odd = Code(rawValue: unnamed)
            #expect(odd.description == "unknown(\(unnamed))")
            #expect(try Report.jsonDecoder().decode(Code.self, from: Data("\"unknown(\(unnamed))\"".utf8)) == odd)
            #expect(throws: DecodingError.self) { try Report.jsonDecoder().decode(Code.self, from: Data(#""keyCompromised""#.utf8)) }
        }
        try check(RevocationReason.self, unnamed: 7)
        try check(OCSPResponseStatus.self, unnamed: 4)
        #expect(RevocationReason.names.count == 10)
        #expect(RevocationReason.keyCompromise.rawValue == 1 && RevocationReason.aACompromise.rawValue == 10)
    }
}
