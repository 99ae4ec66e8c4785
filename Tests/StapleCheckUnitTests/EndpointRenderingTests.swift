import Foundation
@testable import StapleCheckCLI
@testable import StapleCheckCore
import Testing

/// The endpoint table and the per-endpoint details of the text report.
@Suite("Text rendering of endpoints")
struct EndpointRenderingTests {
    static func certificate(_ serial: String, key: String) -> CertificateInfo {
        CertificateInfo(subject: "CN=\(serial).test", issuer: "CN=CA", serialNumber: serial, notBefore: nil, notAfter: nil, subjectAltNames: [],
                        ocspURLs: ["http://ocsp.test/"], crlURLs: [], mustStaple: false, tlsFeatures: [], keyType: key,
                        signatureAlgorithm: "x", sha256Fingerprint: serial)
    }

    static func endpoint(_ address: String, _ certificate: CertificateInfo, key: KeyType, stapled: [Bool]) -> EndpointReport {
        EndpointReport(address: address, keyType: key, tlsVersions: [.tls13, .tls12], certificate: certificate, staple: nil,
                       handshakes: HandshakeTally(sequence: stapled), findings: [])
    }

    @Test("One row per endpoint; details of an endpoint identical to one shown are not printed again")
    func table() {
        let rsa = Self.certificate("0A", key: "RSA 2048"), ecdsa = Self.certificate("0B", key: "EC prime256v1")
        var report = Report(checkedAt: Date(timeIntervalSince1970: 1_790_000_000), target: TargetInfo(host: "example.test", port: 443),
                            certificate: rsa)
        report.endpoints = [
            Self.endpoint("192.0.2.1:443", rsa, key: .rsa, stapled: [false, false]),
            Self.endpoint("192.0.2.2:443", rsa, key: .rsa, stapled: [false, false]),
            Self.endpoint("192.0.2.1:443", ecdsa, key: .ecdsa, stapled: [false, true]),
            .failed("[2001:db8::1]:443", .noLocalRoute("no route"), findings: []),
        ]
        let text = TextRenderer(color: false).render(report)
        #expect(text.contains("""
            Endpoints
              address            key    TLS              stapled  verdict
              192.0.2.1:443      RSA    TLSv1.3 TLSv1.2  0/2      OK
              192.0.2.2:443      RSA    TLSv1.3 TLSv1.2  0/2      OK
              192.0.2.1:443      ECDSA  TLSv1.3 TLSv1.2  1/2      OK
              [2001:db8::1]:443  -      -                -        not checked: no route
            """))
        #expect(!text.contains("Certificate (RSA at 192.0.2.2:443)"), "identical to the primary endpoint")
        #expect(text.contains("Certificate (ECDSA at 192.0.2.1:443)"))
        #expect(text.components(separatedBy: "subject      CN=0A.test").count == 2, "the RSA certificate once")
    }

    @Test("A finding of one endpoint names it")
    func located() {
        let finding = Finding.stapleColdCache(unstapled: 1, of: 3, mustStaple: false)
            .located(address: "192.0.2.1:443", keyType: .ecdsa, tlsVersion: .tls12)
        let report = Report(checkedAt: Date(), target: TargetInfo(host: "h", port: 1), findings: [finding])
        #expect(TextRenderer(color: false).render(report).contains("WARNING  staple-cold-cache (192.0.2.1:443 ECDSA TLSv1.2): The first handshake of 3"))
    }
}
