import Foundation
@testable import staplecheck
@testable import StapleCheckCore
import Testing

@Suite("Text rendering")
struct RenderingTests {
    @Test("Control characters and bidi overrides from servers are escaped")
    func escaping() {
        #expect(TextRenderer.escape("CN=a\u{1B}[31mb") == "CN=a\\x1b[31mb")
        #expect(TextRenderer.escape("x\ny\r\u{7F}") == "x\\x0ay\\x0d\\x7f")
        #expect(TextRenderer.escape("\u{202E}evil") == "\\u{202e}evil")
        #expect(TextRenderer.escape("Zürich ✓") == "Zürich ✓")
    }

    @Test("A hostile subject cannot reach the terminal raw")
    func hostileReport() {
        let cert = CertificateInfo(subject: "CN=\u{1B}]0;pwned\u{07}", issuer: "CN=x\r\nVerdict: OK", serialNumber: "01",
                                   notBefore: nil, notAfter: nil, subjectAltNames: ["a\u{1B}b"], ocspURLs: ["http://x/\u{0}"],
                                   crlURLs: [], mustStaple: false, tlsFeatures: [], keyType: "EC", signatureAlgorithm: "x",
                                   sha256Fingerprint: "00")
        let report = Report(checkedAt: Date(), target: TargetInfo(host: "h", port: 1), certificate: cert,
                            findings: [Finding(code: .stapleMissing, severity: .warning, message: "m\u{1B}")])
        for color in [false, true] {
            let text = TextRenderer(color: color).render(report)
            let withoutOurColours = text.replacingOccurrences(of: #"\u{1B}\[[0-9;]*m"#, with: "", options: .regularExpression)
            #expect(!withoutOurColours.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            #expect(!text.contains("\r"))
        }
    }

    @Test("Colour only when asked")
    func colour() {
        let report = Report(checkedAt: Date(), target: TargetInfo(host: "h", port: 1),
                            findings: [Finding(code: .stapleMissing, severity: .warning, message: "m")])
        #expect(!TextRenderer(color: false).render(report).contains("\u{1B}"))
        #expect(TextRenderer(color: true).render(report).contains("\u{1B}[33m"))
    }

    @Test func durations() {
        #expect(parseDuration("24h") == 86400)
        #expect(parseDuration("90m") == 5400)
        #expect(parseDuration("2d") == 172800)
        #expect(parseDuration("3600") == 3600)
        #expect(parseDuration("soon") == nil)
        #expect(parseDuration("-1h") == nil)
    }
}
