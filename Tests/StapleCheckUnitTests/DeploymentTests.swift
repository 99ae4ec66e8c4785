import Foundation
@testable import StapleCheckCore
import Testing

/// The multi-endpoint analysis over captures made of the committed fixtures, at the pinned
/// instant: grouping by certificate, per-version judging, the handshake patterns and the
/// deployment comparisons. No sockets.
@Suite("Deployment analysis of captured handshakes")
struct DeploymentTests {
    typealias Entry = HandshakeSequence.Entry

    /// One handshake as the probe records it.
    func shake(_ address: String = "127.0.0.2:443", leaf: String = "good", staple: String?, version: String = "TLSv1.3",
               family: HandshakeRequest.Family = .serverDefault) throws -> HandshakeCapture {
        var capture = try FixtureLab.capture(leaf: leaf, response: staple)
        capture.address = address
        capture.tlsVersion = TLSVersion(rawValue: version)
        capture.request = HandshakeRequest(family: family, versions: family == .serverDefault ? .any : (version == "TLSv1.3" ? .tls13 : .tls12))
        return capture
    }

    /// Captures for one certificate: `pattern` says, per handshake, (version, stapled).
    func sequence(_ pattern: [(String, Bool)], address: String = "127.0.0.2:443", leaf: String = "good",
                  staple: String = "good") throws -> [HandshakeCapture] {
        try pattern.map { try shake(address, leaf: leaf, staple: $0.1 ? staple : nil, version: $0.0) }
    }

    /// A healthy address: both versions stapled, three rounds, for each (leaf, response).
    func healthy(_ address: String = "127.0.0.2:443", _ certificates: [(String, String)] = [("good", "good")]) throws -> [HandshakeCapture] {
        var captures: [HandshakeCapture] = []
        for _ in 0..<3 {
            for (leaf, response) in certificates {
                captures += try sequence([("TLSv1.3", true), ("TLSv1.2", true)], address: address, leaf: leaf, staple: response)
            }
        }
        return captures
    }

    func judge(_ addresses: [AddressSurvey], omitted: Int = 0) -> Report {
        let options = AnalysisOptions(now: FixtureLab.now, trust: .file(FixtureLab.caBundle))
        guard let store = try? TrustStore(options.trust, at: options.now) else { Issue.record("no trust store"); return .failed(.internal(""), target: TargetInfo(host: "", port: 0), at: options.now) }
        return Analysis.report(for: Survey(addresses: addresses, omittedAddresses: omitted),
                               target: TargetInfo(host: "good.test", port: 443, serverName: "good.test"), options: options, store: store).report
    }

    // MARK: - The handshake pattern

    @Test("Every handshake stapled, or none: no pattern finding")
    func steadyPatterns() {
        let all = HandshakeSequence([Entry(.tls13, stapled: true), Entry(.tls12, stapled: true), Entry(.tls13, stapled: true)])
        let none = HandshakeSequence([Entry(.tls13, stapled: false), Entry(.tls12, stapled: false)])
        #expect(all.findings(mustStaple: false).isEmpty)
        #expect(none.findings(mustStaple: true).isEmpty)
    }

    @Test("Unstapled first, stapled from then on: a cold cache, critical for must-staple")
    func coldCache() {
        let sequence = HandshakeSequence([Entry(.tls13, stapled: false), Entry(.tls12, stapled: false),
                                          Entry(.tls13, stapled: true), Entry(.tls12, stapled: true)])
        let plain = sequence.findings(mustStaple: false)
        #expect(plain.map(\.code) == [.stapleColdCache])
        #expect(plain.first?.severity == .warning)
        #expect(plain.first?.message.hasPrefix("The first 2 handshakes of 4") == true)
        #expect(plain.first?.fix?.contains("staplecheck fetch") == true)
        #expect(sequence.findings(mustStaple: true).first?.severity == .critical)
    }

    @Test("Stapled, then not, then again: intermittent, not a cold cache")
    func intermittent() {
        let sequence = HandshakeSequence([Entry(.tls13, stapled: true), Entry(.tls13, stapled: false), Entry(.tls13, stapled: true)])
        let findings = sequence.findings(mustStaple: false)
        #expect(findings.map(\.code) == [.stapleIntermittent])
        #expect(findings.first?.message.hasPrefix("2 of 3 handshakes") == true)
        #expect(sequence.findings(mustStaple: true).first?.severity == .critical)
    }

    @Test("Stapled on TLS 1.3 only: a version mismatch naming TLS 1.2, and nothing else")
    func versionMismatch() {
        let sequence = HandshakeSequence([Entry(.tls13, stapled: true), Entry(.tls12, stapled: false),
                                          Entry(.tls13, stapled: true), Entry(.tls12, stapled: false)])
        let findings = sequence.findings(mustStaple: false)
        #expect(findings.map(\.code) == [.stapleTLSVersionMismatch])
        #expect(findings.first?.tlsVersion == .tls12)
        #expect(findings.first?.message.contains("on TLSv1.2 carried no staple while those on TLSv1.3 did") == true)
    }

    // MARK: - Endpoints

    @Test("One address, an RSA and an ECDSA certificate each with its own staple: two OK endpoints, ratio 1")
    func twoCertificates() throws {
        let captures = try [shake(staple: "good")] + healthy("127.0.0.2:443", [("good", "good"), ("ecdsa", "ecdsa")])
        let report = judge([AddressSurvey(address: "127.0.0.2:443", captures: captures)])
        #expect(report.verdict == .ok)
        #expect(report.findings.isEmpty)
        #expect(report.endpoints.map(\.keyType) == [.rsa, .ecdsa])
        #expect(report.endpoints.map(\.tlsVersions) == [[.tls13, .tls12], [.tls13, .tls12]])
        #expect(report.endpoints.map(\.handshakes.count) == [7, 6])
        #expect(report.handshakes == HandshakeSummary([HandshakeTally(sequence: Array(repeating: true, count: 13))]))
        #expect(report.handshakes.ratio == 1)
        // The top level is the primary endpoint: the first address, the default certificate.
        #expect(report.target.address == "127.0.0.2:443")
        #expect(report.certificate?.subject == "CN=good.test")
        #expect(report.tls?.version == .tls13)
        #expect(report.stapled)
    }

    @Test("Identical certificates seen through different signature algorithms are one endpoint")
    func merged() throws {
        let captures = try [shake(staple: "good"), shake(staple: "good", family: .rsa), shake(staple: "good", family: .ecdsa)]
        let report = judge([AddressSurvey(address: "127.0.0.2:443", captures: captures)])
        #expect(report.endpoints.count == 1)
        #expect(report.endpoints.first?.handshakes.count == 3)
    }

    @Test("The ECDSA certificate stapled with the RSA one's response: wrong certificate there, and certificates-differ naming RSA")
    func ecdsaWithRSAStaple() throws {
        let captures = try healthy("127.0.0.2:443", [("good", "good"), ("ecdsa", "good")])
        let report = judge([AddressSurvey(address: "127.0.0.2:443", captures: captures)])
        #expect(report.verdict == .critical)
        let ecdsa = try #require(report.endpoints.first { $0.keyType == .ecdsa })
        #expect(ecdsa.findings.map(\.code) == [.stapleWrongCertificate])
        #expect(ecdsa.verdict == .critical)
        #expect(report.endpoints.first { $0.keyType == .rsa }?.verdict == .ok)
        let differ = try #require(report.findings.first { $0.code == .certificatesDiffer })
        #expect(differ.address == "127.0.0.2:443" && differ.keyType == .ecdsa)
        #expect(differ.message.contains("its staple is the response for the RSA certificate"))
        let wrong = try #require(report.findings.first { $0.code == .stapleWrongCertificate })
        #expect(wrong.address == "127.0.0.2:443" && wrong.keyType == .ecdsa && wrong.tlsVersion == nil)
    }

    @Test("Three backends, one with an expired staple, one refusing: addresses-differ names the bad one, address-unreachable the down one")
    func backends() throws {
        let report = judge([
            AddressSurvey(address: "127.0.0.2:443", captures: try healthy("127.0.0.2:443")),
            AddressSurvey(address: "127.0.0.3:443", captures: try sequence([("TLSv1.3", true), ("TLSv1.2", true)], address: "127.0.0.3:443", staple: "expired")),
            AddressSurvey(address: "127.0.0.4:443", captures: [], error: .refused("connection refused by 127.0.0.4:443")),
            AddressSurvey(address: "127.0.0.5:443", captures: try healthy("127.0.0.5:443")),
        ])
        #expect(report.verdict == .critical)
        #expect(report.endpoints.map(\.verdict) == [.ok, .critical, .error, .ok])
        let expired = try #require(report.findings.first { $0.code == .stapleExpired })
        #expect(expired.address == "127.0.0.3:443" && expired.keyType == .rsa)
        let differ = report.findings.filter { $0.code == .addressesDiffer }
        #expect(differ.map(\.address) == ["127.0.0.3:443"])
        #expect(differ.first?.message.contains("RSA: staple-expired") == true)
        let down = try #require(report.findings.first { $0.code == .addressUnreachable })
        #expect(down.address == "127.0.0.4:443" && down.severity == .warning)
        #expect(report.endpoints[2].error?.reason == .unreachable && report.endpoints[2].error?.code == .refused)
    }

    @Test("An address this machine cannot route to is not checked and not a finding")
    func notRoutable() throws {
        let report = judge([
            AddressSurvey(address: "[2001:db8::1]:443", captures: [], error: .noLocalRoute("cannot connect to [2001:db8::1]:443: Network is unreachable")),
            AddressSurvey(address: "127.0.0.2:443", captures: try healthy()),
        ])
        #expect(report.verdict == .ok)
        #expect(report.findings.isEmpty)
        #expect(report.endpoints.first?.error?.reason == .notRoutable)
        #expect(report.target.address == "127.0.0.2:443", "the primary endpoint is the first address checked")
    }

    @Test("A must-staple certificate whose first handshakes were unstapled: critical cold cache, no must-staple-missing")
    func mustStapleColdCache() throws {
        let captures = try sequence([("TLSv1.3", false), ("TLSv1.3", true), ("TLSv1.2", true), ("TLSv1.3", true), ("TLSv1.2", true)],
                                    leaf: "muststaple", staple: "muststaple")
        let report = judge([AddressSurvey(address: "127.0.0.2:443", captures: captures)])
        #expect(report.findings.map(\.code) == [.stapleColdCache])
        #expect(report.findings.first?.severity == .critical)
        #expect(report.endpoints.first?.handshakes.sequence == [false, true, true, true, true])
        #expect(report.handshakes.ratio == 0.8)
    }

    @Test("Stapled on TLS 1.3 and never on TLS 1.2: the mismatch replaces staple-missing, tagged with TLS 1.2")
    func mismatchReplacesMissing() throws {
        let captures = try sequence([("TLSv1.3", true), ("TLSv1.2", false), ("TLSv1.3", true), ("TLSv1.2", false)])
        let report = judge([AddressSurvey(address: "127.0.0.2:443", captures: captures)])
        #expect(report.findings.map(\.code) == [.stapleTLSVersionMismatch])
        #expect(report.findings.first?.tlsVersion == .tls12)
        #expect(report.verdict == .warning)
    }

    @Test("No staple on any handshake: staple-missing once, on every version")
    func missingEverywhere() throws {
        let captures = try sequence([("TLSv1.3", false), ("TLSv1.2", false), ("TLSv1.3", false)])
        let report = judge([AddressSurvey(address: "127.0.0.2:443", captures: captures)])
        #expect(report.findings.map(\.code) == [.stapleMissing])
        #expect(report.findings.first?.tlsVersion == nil)
        #expect(!report.stapled && report.staple == nil)
    }

    @Test("A staple bad on one version only names that version")
    func onOneVersion() throws {
        let captures = try [shake(staple: "good", version: "TLSv1.3"), shake(staple: "expired", version: "TLSv1.2")]
        let report = judge([AddressSurvey(address: "127.0.0.2:443", captures: captures)])
        let expired = try #require(report.findings.first { $0.code == .stapleExpired })
        #expect(expired.tlsVersion == .tls12)
    }

    @Test("More addresses than --max-addresses: addresses-capped, info")
    func capped() throws {
        let report = judge([AddressSurvey(address: "127.0.0.2:443", captures: try healthy())], omitted: 3)
        #expect(report.findings.map(\.code) == [.addressesCapped])
        #expect(report.verdict == .ok)
        #expect(report.findings.first?.message == "The host has 4 addresses and only the first 1 was checked (--max-addresses).")
    }

    @Test("The report's JSON has the endpoint contract, with explicit nulls")
    func json() throws {
        let report = judge([AddressSurvey(address: "127.0.0.2:443", captures: try healthy()),
                            AddressSurvey(address: "127.0.0.4:443", captures: [], error: .timeout("timed out connecting to 127.0.0.4:443"))])
        let data = try Report.jsonEncoder().encode(report)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let endpoints = try #require(json["endpoints"] as? [[String: Any]])
        #expect(Set(endpoints[0].keys) == ["address", "keyType", "tlsVersions", "verdict", "stapled", "certificate", "staple",
                                           "handshakes", "findings", "error"])
        #expect(endpoints[0]["error"] is NSNull)
        #expect((endpoints[1]["error"] as? [String: Any])?["reason"] as? String == "unreachable")
        #expect((endpoints[1]["error"] as? [String: Any])?["code"] as? String == "timeout")
        #expect((json["target"] as? [String: Any])?["starttls"] is NSNull)
        #expect((json["handshakes"] as? [String: Any])?["count"] as? Int == 6)
        let finding = try #require((json["findings"] as? [[String: Any]])?.first)
        #expect(finding["address"] as? String == "127.0.0.4:443" && finding["keyType"] is NSNull && finding["tlsVersion"] is NSNull)
        let decoded = try Report.jsonDecoder().decode(Report.self, from: data)
        #expect(decoded.endpoints == report.endpoints)
    }
}
