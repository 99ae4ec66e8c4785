import Foundation
@testable import StapleCheckCore
import Testing

/// Issue 10 §3: each ParseError kind on crafted bytes — committed files made by
/// scripts/make-broken-bytes.sh (Fixtures/bytes/, from one lab run) and mutations of them in
/// memory — and the staple analysis attaching it only when OpenSSL rejects or DER differs.
@Suite("Broken bytes explained")
struct ResponseBytesTests {
    static func file(_ name: String) throws -> [UInt8] { try Fixtures.bytes("bytes/" + name) }

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var kind: ParseError.Kind
        var offset: Int?
        var path: String?
        var says: String
        var testDescription: String { file }
    }

    static let files: [Case] = [
        Case(file: "truncated.der", kind: .truncated, offset: 394, path: "BasicOCSPResponse.certs[0]",
             says: "declares 13 bytes of content from offset 396, but the data ends after 4 (at offset 400)"),
        Case(file: "trailing.der", kind: .trailingData, offset: 747, path: nil, says: "8 bytes of trailing data after the OCSPResponse that ends at offset 747"),
        Case(file: "certificate.der", kind: .certificate, offset: 0, path: nil, says: "X.509 certificate"),
        Case(file: "crl.der", kind: .crl, offset: 0, path: nil, says: "a CRL"),
        Case(file: "ocsp-request.der", kind: .ocspRequest, offset: 0, path: nil, says: "an OCSP request"),
        Case(file: "captive-portal.html", kind: .html, offset: 0, path: nil, says: "HTML page titled \"Hotel WiFi - Please log in\""),
        Case(file: "pem.txt", kind: .pem, offset: 0, path: nil, says: "PEM text (-----BEGIN OCSP RESPONSE-----)"),
        Case(file: "base64.txt", kind: .base64, offset: 0, path: nil, says: "base64 text (of 747 bytes of DER, an OCSP response)"),
        Case(file: "indefinite-length.der", kind: .indefiniteLength, offset: 0, path: "OCSPResponse", says: "indefinite length (0x80"),
        Case(file: "non-minimal-length.der", kind: .nonMinimalLength, offset: 0, path: "OCSPResponse",
             says: "(743 bytes) is encoded in 3 length bytes (0x83…) where DER requires 2 length bytes"),
        Case(file: "non-minimal-length-status.der", kind: .nonMinimalLength, offset: 4, path: "responseStatus",
             says: "(1 byte) is encoded in 1 length byte (0x81…) where DER requires the one-byte short form"),
        Case(file: "non-minimal-serial.der", kind: .nonMinimalInteger, offset: 158,
             path: "BasicOCSPResponse.tbsResponseData.responses[0].certID.serialNumber", says: "needless leading 00 byte"),
    ]

    @Test("Each crafted file: its kind, offset, path and the words of the explanation", arguments: files)
    func craftedFile(_ expected: Case) throws {
        let error = try #require(ResponseBytes.diagnose(try Self.file(expected.file)))
        #expect(error.kind == expected.kind, "\(error)")
        #expect(error.offset == expected.offset, "\(error)")
        #expect(error.path == expected.path, "\(error)")
        #expect(error.message.contains(expected.says), "\(error.message)")
    }

    @Test("In memory: empty, random, a wrong tag, a missing field, an undefined status, an EXPLICIT tag with two elements")
    func mutations() throws {
        #expect(ResponseBytes.diagnose([])?.kind == .empty)
        let random = ResponseBytes.diagnose([0x9f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
        #expect(random?.kind == .notASN1 && random?.offset == 0, "\(String(describing: random))")
        let good = try FixtureLab.responseBytes("good")
        var wrongTag = good
        wrongTag[4] = 0x02  // responseStatus as INTEGER
        let tag = try #require(ResponseBytes.diagnose(wrongTag))
        #expect(tag.kind == .unexpectedTag && tag.offset == 4 && tag.path == "responseStatus", "\(tag)")
        #expect(tag.message.contains("ENUMERATED") && tag.message.contains("INTEGER"), "\(tag.message)")

        let missing = try #require(ResponseBytes.diagnose([0x30, 0x00]))
        #expect(missing.kind == .missingField && missing.path == "responseStatus", "\(missing)")
        let status = try #require(ResponseBytes.diagnose([0x30, 0x03, 0x0a, 0x01, 0x07]))
        #expect(status.kind == .invalidValue && status.offset == 2 && status.path == "responseStatus", "\(status)")
        let twice = try #require(ResponseBytes.diagnose([0x30, 0x09, 0x0a, 0x01, 0x00, 0xa0, 0x04, 0x05, 0x00, 0x05, 0x00]))
        #expect(twice.kind == .invalidValue && twice.path == "responseBytes", "\(twice)")
        // Cut inside the inner BasicOCSPResponse's first field, as seen from its OCTET STRING.
        let cut = try #require(ResponseBytes.diagnose(Array(good.prefix(40))))
        #expect(cut.kind == .truncated && cut.path?.hasPrefix("BasicOCSPResponse.tbsResponseData") == true, "\(cut)")
        #expect(ResponseBytes.diagnose(good) == nil, "a good response is DER of the right shape")
    }

    /// The server check's report for the fixture `good` leaf stapling `staple`.
    static func report(stapling staple: [UInt8]) throws -> Report {
        var capture = try FixtureLab.capture(leaf: "good", response: nil)
        capture.stapleDER = staple
        return Analysis.report(for: capture, target: TargetInfo(host: "good.test", port: 443, serverName: "good.test"),
                               options: AnalysisOptions(now: FixtureLab.now, trust: .file(FixtureLab.caBundle)))
    }

    @Test("The analysis attaches it only when OpenSSL rejects or the bytes are BER; a BER staple OpenSSL reads is still staple-malformed")
    func analysisAttaches() throws {
        #expect(try Self.report(stapling: FixtureLab.responseBytes("good")).staple?.parseError == nil)
        let truncated = try Self.report(stapling: Self.file("truncated.der"))
        #expect(truncated.staple?.parseError?.kind == .truncated && truncated.staple?.parsed == false)
        #expect(truncated.findings.first?.message.contains("declares 13 bytes of content") == true, "\(truncated.findings)")
        let ber = try Self.report(stapling: Self.file("indefinite-length.der"))
        #expect(ber.staple?.parsed == true && ber.staple?.parseError?.kind == .indefiniteLength, "OpenSSL reads it; strict parsers do not")
        #expect(ber.findings.contains { $0.code == .stapleMalformed && $0.message.hasPrefix("The staple is BER, not DER") }, "\(ber.findings)")
        let serial = try Self.report(stapling: Self.file("non-minimal-serial.der"))
        #expect(serial.staple?.parseError?.path == "BasicOCSPResponse.tbsResponseData.responses[0].certID.serialNumber")
        let malformed = serial.findings.filter { $0.code == .stapleMalformed }
        #expect(malformed.count == 1 && malformed.first?.message.contains("illegal padding") == true, "OpenSSL's own reason kept: \(malformed)")
        // inspect: a file OpenSSL cannot read is an error with the explanation beside it.
        let inspected = Inspector.inspect(bytes: try Self.file("trailing.der"), name: "trailing.der", options: AnalysisOptions(now: FixtureLab.now))
        #expect(inspected.error?.code == .input && inspected.parseError?.kind == .trailingData, "\(inspected)")
        let certificate = Inspector.inspect(bytes: try Self.file("certificate.der"), name: "c.der", options: AnalysisOptions(now: FixtureLab.now))
        #expect(certificate.error == nil && certificate.parseError == nil, "a certificate is something inspect reads")
    }
}
