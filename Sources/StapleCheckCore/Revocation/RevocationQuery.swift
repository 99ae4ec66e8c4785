internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Asks the CA: the certificate's OCSP responders (POST, and GET when small enough) and
/// its CRL. Every answer goes through the same analysis as a staple.
struct RevocationQuery {
    var options: RevocationOptions
    var analysis: AnalysisOptions
    var deadline: Deadline
    /// The user's --timeout; one request may take at most half of it, so that a hanging
    /// responder leaves time for the others.
    var totalTimeout: Double

    /// RFC 5019 §5: "When sending requests that are less than or equal to 255 bytes in total
    /// (after encoding) including the scheme and delimiters (http://), server name and
    /// base64-encoded OCSPRequest structure, clients MUST use the GET method". The responder
    /// is probed with GET whenever the encoded request alone fits, POST always.
    static let getLimit = 255
    /// OCSP responses are a few KiB; anything near this is not one.
    static let ocspBodyLimit = 64 * 1024
    /// Large CAs publish CRLs of several MiB.
    static let crlBodyLimit = 16 * 1024 * 1024
    /// At most this many responder URLs are asked (certificates list one or two).
    static let maximumURLs = 4

    /// Seconds the next request may take; nil when the check's time is spent.
    private func nextTimeout() -> Double? {
        let remaining = Double(deadline.remainingMilliseconds) / 1000
        guard remaining >= 0.05 else { return nil }
        return min(remaining, max(1, totalTimeout / 2))
    }

    /// Asks the CA what `options` want asked: the server check and `inspect --cert` share it.
    /// `profile`: the chosen answer's responder-profile findings, for `RevocationJudge.Input`.
    func ask(_ subject: RevocationSubject, certificate: CertificateInfo) -> (live: LiveInfo?, crl: CRLInfo?, profile: [Finding]) {
        let outcome = options.live ? self.live(subject, urls: certificate.ocspURLs) : nil
        let crl = options.wantsCRL(certificate) ? self.crl(subject, urls: certificate.crlURLs) : nil
        return (outcome?.info, crl, outcome?.chosen?.profileFindings ?? [])
    }

    // MARK: - OCSP

    func live(_ subject: RevocationSubject, urls: [String]) -> LiveOutcome {
        var info = LiveInfo(hashAlgorithm: options.hash)
        var candidates: [LiveCandidate] = []
        guard !urls.isEmpty else {
            info.error = "the certificate names no OCSP responder"
            return LiveOutcome(info: info, chosen: nil)
        }
        guard let issuer = subject.issuer else {
            info.error = "the issuer certificate is unknown (neither served nor in the trust store), so no OCSP request can be built"
            return LiveOutcome(info: info, chosen: nil)
        }
        let request: OCSPRequestHandle
        do throws(CheckError) {
            request = try OCSPRequestHandle(leaf: subject.leaf, issuer: issuer, hash: options.hash, nonce: options.nonce)
        } catch {
            info.error = error.message
            return LiveOutcome(info: info, chosen: nil)
        }
        options.http.prepare()
        let segment = request.getPathSegment
        let methods: [HTTPRequest.Method] = segment.utf8.count < Self.getLimit ? [.post, .get] : [.post]
        let analyzer = StapleAnalyzer(store: subject.store, now: analysis.now, warnWithin: analysis.warnWithin)

        rounds: for url in urls.prefix(Self.maximumURLs) {
            for _ in 0..<max(1, options.probes) {
                for method in methods {
                    guard let timeout = nextTimeout() else {
                        info.error = "stopped after \(info.attempts.count) requests: the --timeout of \(DurationFormat.seconds(totalTimeout)) was spent"
                        break rounds
                    }
                    let http = method == .post
                        ? HTTPRequest(url: url, method: .post, body: request.der, contentType: "application/ocsp-request",
                                      timeout: timeout, maximumBytes: Self.ocspBodyLimit)
                        : HTTPRequest(url: url + (url.hasSuffix("/") ? "" : "/") + segment, timeout: timeout,
                                      maximumBytes: Self.ocspBodyLimit)
                    let stopwatch = Stopwatch()
                    let outcome = options.http.send(http)
                    var attempt = LiveAttempt(url: url, method: method, httpStatus: nil, contentType: nil, bytes: 0,
                                              latencyMs: stopwatch.milliseconds, result: .ok, error: nil)
                    switch outcome {
                    case .failure(let failure):
                        attempt.result = AttemptResult(failure.kind)
                        attempt.error = failure.message
                    case .success(let response):
                        attempt.httpStatus = response.status
                        attempt.contentType = response.contentType
                        attempt.bytes = response.body.count
                        guard response.status == 200 else {
                            attempt.result = .httpError
                            attempt.error = "HTTP \(response.status)"
                            break
                        }
                        let (stapleInfo, findings) = analyzer.analyze(response.body, for: subject.stapleSubject)
                        (attempt.result, attempt.error) = Self.classify(stapleInfo, findings)
                        attempt.certStatus = stapleInfo.certStatus
                        attempt.thisUpdate = stapleInfo.thisUpdate
                        attempt.nextUpdate = stapleInfo.nextUpdate
                        attempt.parseError = stapleInfo.parseError
                        candidates.append(LiveCandidate(
                            attempt: info.attempts.count, info: stapleInfo, der: response.body,
                            nonceEchoed: options.nonce ? Self.nonceEchoed(response.body, request: request) : nil,
                            profileFindings: findings.filter { StapleAnalyzer.profileCodes.contains($0.code) && $0.severity != .critical }))
                    }
                    info.attempts.append(attempt)
                }
            }
        }

        info.failedAttempts = info.attempts.filter { $0.result != .ok }.count
        let chosen = candidates.first { info.attempts[$0.attempt].result == .ok }
            ?? candidates.first { info.attempts[$0.attempt].result == .invalid }
            ?? candidates.first
        let attempt = chosen.map { info.attempts[$0.attempt] } ?? info.attempts.last
        if let attempt {
            info.url = attempt.url
            info.method = attempt.method
            info.httpStatus = attempt.httpStatus
            info.contentType = attempt.contentType
            info.latencyMs = attempt.latencyMs
            info.result = attempt.result
        }
        if let chosen {
            info.response = chosen.info
            info.certStatus = chosen.info.certStatus
            info.producedAt = chosen.info.producedAt
            info.thisUpdate = chosen.info.thisUpdate
            info.nextUpdate = chosen.info.nextUpdate
            info.revocationTime = chosen.info.revocationTime
            info.revocationReason = chosen.info.revocationReason
            info.nonceEchoed = chosen.nonceEchoed
        }
        return LiveOutcome(info: info, chosen: chosen)
    }

    /// A response that verifies is `ok` whatever status it gives (revoked and unknown are
    /// answers, judged later); anything a client would reject is `invalid`.
    private static func classify(_ info: StapleInfo, _ findings: [Finding]) -> (AttemptResult, String?) {
        guard info.parsed else { return (.malformed, findings.first?.message) }
        if let status = info.responseStatus, status != .successful {
            return (.unsuccessful, "the responder answered \(status)")
        }
        guard info.responseType == .basic else { return (.malformed, findings.first?.message) }
        let rejecting = findings.first { $0.severity == .critical && $0.code != .stapleRevoked && $0.code != .stapleUnknown }
        return rejecting.map { (.invalid, $0.message) } ?? (.ok, nil)
    }

    private static func nonceEchoed(_ der: [UInt8], request: OCSPRequestHandle) -> Bool? {
        guard let response = OCSPResponseHandle(der: der), let basic = response.basic() else {
            OpenSSLErrors.clear()
            return nil
        }
        return request.echoesNonce(in: basic)
    }

    // MARK: - CRL

    func crl(_ subject: RevocationSubject, urls: [String]) -> CRLInfo? {
        guard let url = urls.first(where: { $0.lowercased().hasPrefix("http://") || $0.lowercased().hasPrefix("https://") }) ?? urls.first
        else { return nil }
        var info = CRLInfo(url: url, bytes: 0, latencyMs: 0, result: .unreachable, signatureValid: false)
        guard let timeout = nextTimeout() else {
            info.result = .timeout
            info.error = "not fetched: the --timeout of \(DurationFormat.seconds(totalTimeout)) was spent"
            return info
        }
        options.http.prepare()
        let stopwatch = Stopwatch()
        let outcome = options.http.send(HTTPRequest(url: url, timeout: timeout, maximumBytes: Self.crlBodyLimit))
        info.latencyMs = stopwatch.milliseconds
        let body: [UInt8]
        switch outcome {
        case .failure(let failure):
            info.result = AttemptResult(failure.kind)
            info.error = failure.message
            return info
        case .success(let response):
            info.httpStatus = response.status
            info.bytes = response.body.count
            guard response.status == 200 else {
                info.result = .httpError
                info.error = "HTTP \(response.status)"
                return info
            }
            body = response.body
        }
        Self.judgeCRL(body, subject: subject, into: &info)
        return info
    }

    /// Reads a CRL's bytes (DER or PEM), verifies it against the issuer and looks the leaf
    /// up. Pure over its inputs: the fuzzer drives it with hostile bytes.
    static func judgeCRL(_ body: [UInt8], subject: RevocationSubject, into info: inout CRLInfo) {
        guard let crl = CRLHandle(bytes: body) else {
            info.result = .malformed
            info.error = "the body (\(body.count) bytes) is not a CRL in DER or PEM"
            return
        }
        withPointers(crl, subject.leaf) { crlPointer, leafPointer in
            info.issuer = nameString(X509_CRL_get_issuer(crlPointer))
            info.thisUpdate = dateFromASN1Time(X509_CRL_get0_lastUpdate(crlPointer))
            info.nextUpdate = dateFromASN1Time(X509_CRL_get0_nextUpdate(crlPointer))
            info.revokedCount = X509_CRL_get_REVOKED(crlPointer).map { Int(sc_sk_X509_REVOKED_num($0)) } ?? 0
            guard let issuer = subject.issuer else {
                info.result = .invalid
                info.error = "the issuer certificate is unknown, so the CRL's signature cannot be checked"
                return
            }
            let verified = issuer.withPointer { issuerPointer -> Bool in
                guard X509_NAME_cmp(X509_CRL_get_issuer(crlPointer), X509_get_subject_name(issuerPointer)) == 0 else {
                    info.result = .invalid
                    info.error = "the CRL is issued by \(info.issuer ?? "?"), not by the certificate's issuer \(issuer.subject)"
                    return false
                }
                OpenSSLErrors.clear()
                guard let key = X509_get0_pubkey(issuerPointer), X509_CRL_verify(crlPointer, key) == 1 else {
                    info.result = .invalid
                    info.error = "the CRL's signature does not verify with the issuer's key (\(OpenSSLErrors.describe(OpenSSLErrors.drain(), fallback: "bad signature")))"
                    return false
                }
                return true
            }
            guard verified else { return }
            info.signatureValid = true
            info.result = .ok
            var entry: OpaquePointer?
            // 1: listed; 2: listed with reason removeFromCRL (no longer revoked); 0: not listed.
            let found = X509_CRL_get0_by_serial(crlPointer, &entry, UnsafeMutablePointer(mutating: X509_get0_serialNumber(leafPointer)))
            if found == 1, let entry {
                info.certStatus = .revoked
                info.revocationTime = dateFromASN1Time(X509_REVOKED_get0_revocationDate(entry))
                if let raw = X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, nil, nil) {
                    let reason = raw.assumingMemoryBound(to: ASN1_ENUMERATED.self)
                    info.revocationReason = RevocationReason(rawValue: ASN1_ENUMERATED_get(reason))
                    ASN1_ENUMERATED_free(reason)
                }
            } else {
                info.certStatus = .good
            }
            OpenSSLErrors.clear()
        }
    }
}
