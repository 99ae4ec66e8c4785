/// Which row of the client table a report's staple falls in, and every client's outcome
/// there given what the CA's responder answered staplecheck. Pure.
public enum ClientImpactJudge {
    /// The situation the staple (or its absence) puts clients in; nil when the table does
    /// not cover it: a staple too large to read, a handshake that fails on the status
    /// request, a response version or critical extension the sources do not discuss.
    /// Follows the order mozpkix checks in: parse, status, signature, CertID, time, status.
    public static func situation(staple: StapleInfo?, stapled: Bool, mustStaple: Bool, findings: [Finding]) -> StapleSituation? {
        let codes = Set(findings.map(\.code))
        guard let staple else {
            if stapled || codes.contains(.statusRequestRejected) { return nil }
            return mustStaple ? .mustStapleNoStaple : .noStaple
        }
        if codes.contains(.stapleMalformed) || codes.contains(.stapleUnsupportedType) || !staple.parsed { return .corrupt }
        if codes.contains(.stapleUnsuccessful) || staple.responseStatus != .successful {
            return staple.responseStatus == .tryLater ? .tryLater : .unsuccessful
        }
        if codes.contains(.stapleUnsupportedVersion) || codes.contains(.stapleUnknownCriticalExtension) { return nil }
        if !staple.notChecked.isEmpty { return nil }
        if codes.contains(.stapleSignatureInvalid) { return .badSignature }
        if codes.contains(.stapleSignerUnauthorized) { return .unauthorizedSigner }
        if codes.contains(.stapleWrongCertificate) || !staple.matchesCertificate { return .wrongCertificate }
        if codes.contains(.stapleNotYetValid) { return .notYetValid }
        if codes.contains(.stapleExpired) { return .expired }
        switch staple.certStatus {
        case .good: return .good
        case .revoked: return .revoked
        case .unknown: return .unknown
        case nil: return .corrupt
        }
    }

    /// Every client's outcome, in the table's order.
    public static func impacts(_ situation: StapleSituation, answer: ResponderAnswer, mustStaple: Bool) -> [ClientImpact] {
        ClientBehaviour.table.map { $0.impact(situation, answer: answer, mustStaple: mustStaple) }
    }

    /// A mainstream client refuses the connection in this situation, now or once the CA's
    /// responder is unreachable: what makes a finding critical.
    public static func mainstreamRefusal(_ situation: StapleSituation, answer: ResponderAnswer, mustStaple: Bool = false) -> Bool {
        impacts(situation, answer: answer, mustStaple: mustStaple)
            .contains { $0.mainstream && ($0.outcome == .refuses || $0.whenResponderUnreachable == .refuses) }
    }
}
