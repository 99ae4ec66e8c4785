#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Judges one address's handshakes: groups them by the certificate served (identical
/// certificates merge, whatever signature algorithms showed them), judges each
/// certificate's staple on every TLS version it was seen on, and the staple pattern over
/// the handshakes. Pure, like `Analysis`.
struct EndpointAnalysis {
    /// One endpoint as judged, with what the report's top level and the live query need.
    struct Judged {
        var report: EndpointReport
        var served: ServedChain
        var chain: ChainInfo
        /// The first handshake of the endpoint (for the primary one: the ordinary handshake).
        var first: HandshakeCapture
    }

    let options: AnalysisOptions
    let store: TrustStore

    /// The endpoints of one address, the certificate of its ordinary (first) handshake first.
    func judge(_ survey: AddressSurvey) -> [Judged] {
        var groups: [(leaf: [UInt8], captures: [HandshakeCapture])] = []
        for capture in survey.captures {
            let leaf = capture.chainDER.first ?? []
            if let index = groups.firstIndex(where: { $0.leaf == leaf }) {
                groups[index].captures.append(capture)
            } else {
                groups.append((leaf, [capture]))
            }
        }
        return groups.compactMap { judge(address: survey.address, captures: $0.captures) }
    }

    private func judge(address: String, captures: [HandshakeCapture]) -> Judged? {
        guard let first = captures.first, let served = ServedChain(first.chainDER, store: store) else { return nil }
        let certificate = CertificateInfo(served.leaf)
        let keyType = KeyType(keyDescription: certificate.keyType)
        let sequence = HandshakeSequence(captures)
        let versions = sequence.versions.sorted { $0.rawValue > $1.rawValue }  // "TLSv1.3" before "TLSv1.2"
        let without = sequence.versionsWithoutStaple
        let target = TargetInfo(host: "", port: 0)

        var perVersion: [[Finding]] = []
        var staple: (capture: Int, info: StapleInfo)?
        var chain: ChainInfo?
        let memo = StapleMemo()
        for version in versions {
            let onVersion = captures.filter { $0.tlsVersion == version }
            guard let shown = onVersion.first(where: \.stapled) ?? onVersion.first else { continue }
            let report = Analysis.report(for: shown, served: served, target: target, options: options, store: store, memo: memo)
            chain = chain ?? report.chain
            if let info = report.staple, let index = captures.firstIndex(of: shown), index < (staple?.capture ?? .max) {
                staple = (index, info)
            }
            // Where another version stapled, the mismatch finding says it better.
            let replaced: Set<FindingCode> = without.contains(version) ? [.stapleMissing, .mustStapleMissing] : []
            perVersion.append(report.findings.filter { !replaced.contains($0.code) }
                .map { $0.located(address: nil, keyType: nil, tlsVersion: version) })
        }
        var findings = Self.merge(perVersion)
        findings += sequence.findings(mustStaple: certificate.mustStaple)
        findings = findings.map { $0.located(address: address, keyType: keyType) }
        let report = EndpointReport(address: address, keyType: keyType, tlsVersions: versions, certificate: certificate,
                                    staple: staple?.info, handshakes: HandshakeTally(sequence: captures.map(\.stapled),
                                                                                 distinctStaples: Set(captures.compactMap(\.stapleDER)).count),
                                    findings: findings)
        return Judged(report: report, served: served, chain: chain ?? ChainInfo(servedCount: served.certificates.count,
                      trusted: served.verification.trusted, verifyError: served.verification.error,
                      issuer: served.verification.issuer?.subject), first: first)
    }

    /// The findings of every version; one that holds on every version, alike, is kept once
    /// without a version.
    static func merge(_ perVersion: [[Finding]]) -> [Finding] {
        var merged: [Finding] = []
        for findings in perVersion {
            for finding in findings {
                let everywhere = perVersion.allSatisfy { $0.contains { $0.onEveryVersion == finding.onEveryVersion } }
                let candidate = everywhere ? finding.onEveryVersion : finding
                if !merged.contains(candidate) { merged.append(candidate) }
            }
        }
        return merged
    }
}
