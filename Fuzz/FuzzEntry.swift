// libFuzzer entry for `make fuzz` (docs/ROBUSTNESS.md). scripts/fuzz.sh builds it as the
// SwiftPM target StapleCheckFuzz — declared only when STAPLECHECK_FUZZ=1 — with
// `swift build --sanitize=fuzzer --sanitize=address`; libFuzzer brings main(), so this file
// has none.
//
// Each input goes through every path hostile bytes reach in the tool:
//  - `inspect`: file recognition and decoding (certificate, chain, CSR, OCSP response; PEM,
//    DER, base64), the full OCSP decode and the staple analysis, without context and — when
//    STAPLECHECK_FUZZ_LAB names a lab made by scripts/make-lab.sh — against the lab's `good`
//    certificate with its issuer and trust anchors;
//  - the live check's analysis of a handshake (with the lab): the input as the staple of the
//    lab's good chain, and as the leaf certificate stapled with the lab's good response;
//  - the CRL judgement (with the lab): the input as the CRL of the lab's good certificate, as
//    a CRL distribution point would serve it, and the findings drawn from it;
//  - every report as the CLI prints it: JSON, and text through the CLI's renderer (the CRL
//    judgement inside a live-check report, as `check` would show it).

import StapleCheckCLI
@testable import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Everything loaded once: trust stores, the lab's certificates and response, a fixed "now"
/// (so that a crash reproduces whatever the date), so that each input costs only its own work.
private struct Setup {
    struct Lab {
        var context: Inspector.Context
        var store: TrustStore
        var leafDER: [UInt8]
        var issuerDER: [UInt8]
        var responseDER: [UInt8]
    }

    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let options = InspectOptions(analysis: AnalysisOptions(now: now))
    static let target = TargetInfo(host: "good.test", port: 443, address: nil, serverName: "good.test")

    var plain: Inspector.Context
    var lab: Lab?

    init() {
        func fail(_ why: String) -> Never {
            var message = "staplecheck-fuzz: \(why)\n"
            _ = message.withUTF8 { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            exit(1)
        }
        do throws(CheckError) {
            plain = try Inspector.Context(Self.options)
            guard let dir = getenv("STAPLECHECK_FUZZ_LAB").map({ String(cString: $0) }) else { return }
            let analysis = AnalysisOptions(now: Self.now, trust: .file(dir + "/ca-bundle.pem"))
            let context = try Inspector.Context(InspectOptions(analysis: analysis, certificatePath: dir + "/good.pem",
                                                               issuerPath: dir + "/int.pem"))
            lab = Lab(context: context, store: context.store,
                      leafDER: try InputDecoder.read(RawPath(dir + "/good.der")), issuerDER: try InputDecoder.read(RawPath(dir + "/int.der")),
                      responseDER: try InputDecoder.read(RawPath(dir + "/responses/good.der")))
        } catch {
            fail("cannot load the fuzzing context: \(error.message)")
        }
    }
}

// libFuzzer calls the entry from one thread only; the setup is never mutated after it is built.
nonisolated(unsafe) private let setup = Setup()
private let encoder = Report.jsonEncoder()
// Colour on, so that the styled lines are rendered too.
private let renderer = TextRenderer(color: true)

/// Prints a report both ways the CLI does (into nothing).
private func output(_ report: Report) {
    _ = try? encoder.encode(report)
    _ = renderer.render(report)
}

private func output(_ report: InspectReport) {
    _ = try? encoder.encode(report)
    _ = renderer.render(report)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func staplecheckFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    output(Inspector.inspect(bytes, name: "fuzz-input", context: setup.plain, options: Setup.options))
    guard let lab = setup.lab else { return 0 }
    let options = InspectOptions(analysis: AnalysisOptions(now: Setup.now))
    output(Inspector.inspect(bytes, name: "fuzz-input", context: lab.context, options: options))
    for capture in [
        HandshakeCapture(address: "127.0.0.1:443", tlsVersion: .tls13, cipher: "TLS_AES_128_GCM_SHA256",
                         chainDER: [lab.leafDER, lab.issuerDER], stapleDER: bytes),
        HandshakeCapture(address: "127.0.0.1:443", tlsVersion: .tls13, cipher: "TLS_AES_128_GCM_SHA256",
                         chainDER: [bytes, lab.issuerDER], stapleDER: lab.responseDER),
    ] {
        output(Analysis.report(for: capture, target: Setup.target, options: options.analysis, store: lab.store))
    }
    if let subject = lab.context.revocationSubject {
        var crl = CRLInfo(url: "http://127.0.0.1/int.crl", httpStatus: 200, bytes: bytes.count, latencyMs: 0, result: .ok,
                          signatureValid: false)
        RevocationQuery.judgeCRL(bytes, subject: subject, into: &crl)
        let certificate = CertificateInfo(subject.leaf)
        let findings = RevocationJudge.findings(.init(certificate: certificate, staple: nil, live: nil, crl: crl,
                                                      now: Setup.now, options: .offline))
        var report = Report(checkedAt: Setup.now, target: Setup.target, certificate: certificate, findings: findings)
        report.crl = crl
        output(report)
    }
    return 0
}
