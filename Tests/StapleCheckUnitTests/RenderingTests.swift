import Foundation
@testable import StapleCheckCLI
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
                            findings: [Finding(.stapleMissing, message: "m\u{1B}", fix: nil)])
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
                            findings: [Finding(.stapleMissing, message: "m", fix: nil)])
        #expect(!TextRenderer(color: false).render(report).contains("\u{1B}"))
        #expect(TextRenderer(color: true).render(report).contains("\u{1B}[33m"))
    }

    static let checkedAt = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("A live check without a staple, line by line")
    func liveCheckPage() {
        let report = Report(checkedAt: Self.checkedAt,
                            target: TargetInfo(host: "example.test", port: 8443, address: "127.0.0.1:8443", serverName: "example.test"),
                            tls: TLSInfo(version: .tls13, cipher: "TLS_AES_128_GCM_SHA256"),
                            findings: [Finding(.stapleMissing, message: "no staple", fix: "turn it on")])
        #expect(TextRenderer(color: false).render(report) == """
            staplecheck example.test:8443 (127.0.0.1:8443, SNI example.test, TLSv1.3 TLS_AES_128_GCM_SHA256)

            Verdict: WARNING

            Staple
              none sent

            Findings
              WARNING  staple-missing: no staple
                       fix: turn it on

            More: staplecheck explain staple-missing

            """)
    }

    @Test("Revocation reasons and TLS versions read by name, an unnamed one as JSON writes it")
    func typedNames() {
        var staple = ReportSamples.oddStaple
        staple.responseStatus = .successful
        staple.responseType = .basic
        staple.revocationTime = Self.checkedAt
        var live = ReportSamples.sparseLive
        live.certStatus = .revoked
        live.revocationTime = Self.checkedAt
        live.revocationReason = .keyCompromise
        var report = Report(checkedAt: Self.checkedAt, target: ReportSamples.target, tls: ReportSamples.oddTLS, staple: staple)
        report.live = live
        var crl = ReportSamples.sparseCRL
        crl.certStatus = .revoked
        crl.revocationTime = Self.checkedAt
        crl.revocationReason = .superseded
        report.crl = crl
        let text = TextRenderer(color: false).render(report)
        #expect(text.hasPrefix("staplecheck example.test:8443 (127.0.0.1:8443, SNI example.test, TLSv1.1 ECDHE-RSA-AES128-SHA)\n"))
        #expect(text.contains("  revoked      2026-09-21T14:13:20Z (unknown(7))\n"), "\(text)")
        #expect(text.contains("since 2026-09-21T14:13:20Z (keyCompromise)"), "\(text)")
        #expect(text.contains("since 2026-09-21T14:13:20Z (superseded)"), "\(text)")
    }

    @Test("fetch: a refused response reads NOT WRITTEN with the reason, in red when coloured")
    func fetchPage() {
        var report = FetchReport(checkedAt: Self.checkedAt, output: "/etc/ssl/\u{1B}x.ocsp")
        report.reason = "the responder said revoked"
        #expect(TextRenderer(color: false).render(report) == """
            staplecheck fetch /etc/ssl/\\x1bx.ocsp

            NOT WRITTEN — the responder said revoked


            """)
        #expect(TextRenderer(color: true).render(report).contains("\u{1B}[31mNOT WRITTEN\u{1B}[0m — "))
    }

    @Test("inspect: the title names the kind and encoding; one section per certificate of a chain")
    func inspectPage() {
        var report = InspectReport(file: "chain.pem", checkedAt: Self.checkedAt)
        report.kind = .certificateChain
        report.encoding = .pem
        let cert = CertificateInfo(subject: "CN=leaf", issuer: "CN=ca", serialNumber: "0A", notBefore: nil, notAfter: nil,
                                   subjectAltNames: [], ocspURLs: [], crlURLs: [], mustStaple: false, tlsFeatures: [],
                                   keyType: "EC P-256", signatureAlgorithm: "x", sha256Fingerprint: "00")
        report.certificates = [cert, cert]
        let text = TextRenderer(color: false).render(report)
        #expect(text.hasPrefix("staplecheck inspect chain.pem (certificate-chain, PEM)\n\nVerdict: OK — nothing wrong found\n\n"))
        #expect(text.contains("Certificate 1 of 2\n  subject      CN=leaf\n  issuer       CN=ca\n  serial       0A\n"))
        #expect(text.contains("Certificate 2 of 2\n"))
        #expect(text.contains("  OCSP         none (no OCSP responder named)\n"))
    }
}
