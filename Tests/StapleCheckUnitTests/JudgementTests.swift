import Foundation
@testable import StapleCheckCore
import Testing

/// The client table, the severities that follow from it, the situation a staple falls in,
/// the likely causes and `explain`'s entries: pure functions of the catalogue and the table.
@Suite("Judgement: client table, severities, likely causes, explain")
struct JudgementTests {
    @Test("Severity follows impact: critical exactly when a mainstream client refuses, now or once the responder is unreachable")
    func severitiesFollowTheTable() {
        // A revoked certificate is critical even while clients trusting its old good staple connect.
        let revokedCertificate: Set<FindingCode> = [.stapleStaleGood]
        var checked = 0
        for code in FindingCode.allCases {
            guard let (situation, answer) = code.clientScenario else { continue }
            checked += 1
            let refused = ClientImpactJudge.mainstreamRefusal(situation, answer: answer)
            let critical = code.severityRule.base == .critical
            if revokedCertificate.contains(code) {
                #expect(critical, "\(code)")
            } else {
                #expect(critical == refused, "\(code): base \(code.severityRule.base), a mainstream client refuses: \(refused)")
            }
            // The must-staple outage escalation: the same finding on a must-staple certificate.
            if code.severityRule.escalation == .mustStapleOutage {
                #expect(ClientImpactJudge.mainstreamRefusal(.mustStapleNoStaple, answer: answer), "\(code)")
            }
        }
        #expect(checked >= 20)
        // The issue's own example: the CA answering unknown is critical.
        #expect(FindingCode.responderUnknown.severityRule == SeverityRule(.critical))
    }

    @Test("Every client is in the table once, and every cell names its source")
    func tableIsComplete() {
        #expect(ClientBehaviour.table.map(\.client).sorted { $0.rawValue < $1.rawValue } == Client.allCases.sorted { $0.rawValue < $1.rawValue })
        for behaviour in ClientBehaviour.table {
            #expect(Set(behaviour.cells.map(\.situation)).count == behaviour.cells.count, "\(behaviour.client) repeats a situation")
            for cell in behaviour.cells {
                #expect(!cell.source.isEmpty, "\(behaviour.client) \(cell.situation)")
                #expect((cell.outcome == .asksCA) == (cell.answers != nil), "\(behaviour.client) \(cell.situation): asks-ca iff answers")
            }
        }
    }

    @Test("An asks-ca cell resolves with the CA's answer; without one it stays asks-ca")
    func resolution() {
        let firefox = ClientBehaviour.of(.firefox)
        #expect(firefox.impact(.expired, answer: .good, mustStaple: false).outcome == .connects)
        let unreachable = firefox.impact(.expired, answer: .unreachable, mustStaple: false)
        #expect(unreachable.outcome == .refuses && unreachable.error == "SEC_ERROR_OCSP_OLD_RESPONSE")
        #expect(firefox.impact(.noStaple, answer: .unknown, mustStaple: false).error == "SEC_ERROR_OCSP_UNKNOWN_CERT")
        #expect(firefox.impact(.noStaple, answer: .unreachable, mustStaple: false).outcome == .softFail)
        let notAsked = firefox.impact(.tryLater, answer: .notAsked, mustStaple: false)
        #expect(notAsked.outcome == .asksCA && notAsked.whenResponderUnreachable == .refuses && notAsked.asksResponder)
        #expect(ClientBehaviour.of(.gnutls).impact(.tryLater, answer: .good, mustStaple: true).outcome == .refuses)
        #expect(ClientBehaviour.of(.gnutls).impact(.tryLater, answer: .good, mustStaple: false).outcome == .ignoresStaple)
        #expect(ClientBehaviour.of(.safari).impact(.noStaple, answer: .good, mustStaple: false).outcome == .notDocumented)
    }

    static func staple(_ status: CertStatus?, response: OCSPResponseStatus = .successful, matches: Bool = true) -> StapleInfo {
        var staple = StapleInfo(size: 300, parsed: true)
        staple.responseStatus = response
        staple.responseType = response == .successful ? .basic : nil
        staple.certStatus = status
        staple.matchesCertificate = matches
        staple.signatureValid = true
        staple.serialNumber = "1001"
        return staple
    }

    @Test("The situation a staple falls in")
    func situations() {
        let j = ClientImpactJudge.self
        #expect(j.situation(staple: nil, stapled: false, mustStaple: false, findings: []) == .noStaple)
        #expect(j.situation(staple: nil, stapled: false, mustStaple: true, findings: []) == .mustStapleNoStaple)
        #expect(j.situation(staple: nil, stapled: true, mustStaple: false, findings: []) == nil)
        #expect(j.situation(staple: StapleInfo(size: 3, parsed: false), stapled: true, mustStaple: false, findings: []) == .corrupt)
        #expect(j.situation(staple: Self.staple(nil, response: .tryLater), stapled: true, mustStaple: false, findings: []) == .tryLater)
        #expect(j.situation(staple: Self.staple(nil, response: .internalError), stapled: true, mustStaple: false, findings: []) == .unsuccessful)
        #expect(j.situation(staple: Self.staple(.good, matches: false), stapled: true, mustStaple: false, findings: []) == .wrongCertificate)
        let expired = Finding(.stapleExpired, message: "x", fix: nil)
        #expect(j.situation(staple: Self.staple(.revoked), stapled: true, mustStaple: false, findings: [expired]) == .expired)
        #expect(j.situation(staple: Self.staple(.unknown), stapled: true, mustStaple: false, findings: []) == .unknown)
        let rogue = Finding(.stapleSignerUnauthorized, message: "x", fix: nil)
        #expect(j.situation(staple: Self.staple(.good), stapled: true, mustStaple: false, findings: [rogue]) == .unauthorizedSigner)
    }

    static func context(_ staple: StapleInfo?, stapled: Int = 7, distinct: Int = 1, answer: ResponderAnswer = .good) -> CauseJudge.Context {
        CauseJudge.Context(staple: staple, stapledHandshakes: stapled, distinctStaples: distinct, answer: answer, host: "good.test")
    }

    @Test("Likely causes from the pattern seen")
    func likelyCauses() {
        func cause(_ code: FindingCode, _ context: CauseJudge.Context) -> String? {
            CauseJudge.cause(for: Finding(code, message: "x", fix: nil), context)?.cause
        }
        #expect(cause(.stapleColdCache, Self.context(nil))?.contains("nginx `ssl_stapling on`") == true)
        #expect(cause(.stapleMissing, Self.context(nil, stapled: 0, answer: .unknown))?.contains("nginx and Caddy") == true)
        #expect(cause(.stapleMissing, Self.context(nil, stapled: 0, answer: .good)) == nil)
        #expect(cause(.stapleUnsuccessful, Self.context(Self.staple(nil, response: .tryLater)))?.contains("SSLStaplingFakeTryLater") == true)
        #expect(cause(.stapleUnsuccessful, Self.context(Self.staple(nil, response: .tryLater), answer: .unreachable))?
            .contains("SSLStaplingFakeTryLater") == false)
        let expired = CauseJudge.cause(for: Finding(.stapleExpired, message: "x", fix: nil), Self.context(Self.staple(.good)))
        #expect(expired?.cause.contains("static staple file") == true)
        #expect(expired?.fix.contains("staplecheck fetch --cert /PATH/TO/good.test/fullchain.pem") == true)
        #expect(cause(.stapleExpired, Self.context(Self.staple(.good), distinct: 3)) == nil, "a staple that changes is no static file")
        #expect(cause(.stapleWrongCertificate, Self.context(Self.staple(.good, matches: false)))?.contains("renewal") == true)
        let rogue = Finding(.stapleSignerUnauthorized, message: "x", fix: nil)
        #expect(CauseJudge.cause(for: rogue, Self.context(Self.staple(.good)))?.cause.contains("HAProxy") == true)
        let untrusted = Finding(.stapleSignerUnauthorized, escalated: true, message: "x", fix: nil)
        #expect(CauseJudge.cause(for: untrusted, Self.context(Self.staple(.good))) == nil)
    }

    @Test("explain has an entry for every code: meaning, who cares, causes, and a fix for every server")
    func explainEveryCode() {
        for code in FindingCode.allCases {
            let e = Explanation(code)
            #expect(e.code == code && e.title == code.title && e.severity == code.severityRule.description)
            #expect(!e.meaning.isEmpty && !e.whyClientsCare.isEmpty, "\(code)")
            #expect(!e.likelyCauses.isEmpty && e.likelyCauses.allSatisfy { !$0.isEmpty }, "\(code)")
            #expect(e.serverFixes.map(\.server) == Server.allCases, "\(code): a fix for every server")
            #expect(e.serverFixes.allSatisfy { !$0.fix.isEmpty }, "\(code)")
            if code.clientScenario != nil { #expect(!e.clients.isEmpty, "\(code): cells from the client table") }
        }
        #expect(Explanation(.responderUnknown).whyClientsCare.contains("Firefox"))
        #expect(Explanation.list.count == FindingCode.allCases.count)
    }
}
