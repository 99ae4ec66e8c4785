/// What `staplecheck explain CODE` prints: what a finding code means, who is hurt (from the
/// client table), what usually causes it and the fix in each server.
public struct Explanation: Codable, Sendable, Equatable {
    /// One client's cell for the code's situation.
    public struct ClientCell: Codable, Sendable, Equatable {
        public var client: Client
        public var name: String
        public var mainstream: Bool
        public var outcome: ClientOutcome
        /// When it asks the CA: the outcome for each answer.
        @ExplicitNull public var answers: ClientBehaviour.Answers? = nil
        @ExplicitNull public var error: String? = nil
        @ExplicitNull public var note: String? = nil
        public var source: String
    }

    public var code: FindingCode
    /// "warning (critical with --require-staple)".
    public var severity: String
    public var title: String
    public var meaning: String
    /// Who is hurt, in one sentence.
    public var whyClientsCare: String
    /// The client-table row that applies (`null` for codes no row describes).
    @ExplicitNull public var situation: StapleSituation? = nil
    public var clients: [ClientCell]
    public var likelyCauses: [String]
    public var serverFixes: [ServerFix]

    public init(_ code: FindingCode) {
        let entry = code.explanationEntry
        self.code = code
        severity = code.severityRule.description
        title = code.title
        meaning = entry.meaning
        likelyCauses = entry.causes
        serverFixes = entry.fixes.serverFixes
        situation = code.clientScenario?.situation
        clients = []
        whyClientsCare = entry.clients
        if let (situation, answer) = code.clientScenario {
            clients = ClientBehaviour.table.compactMap { behaviour in
                behaviour.cell(situation).map {
                    // An asks-ca cell shows the error for the answer that isolates the code.
                    let answerError = answer == .revoked ? $0.answers?.revokedError : answer == .unknown ? $0.answers?.unknownError : nil
                    return ClientCell(client: behaviour.client, name: behaviour.name, mainstream: behaviour.mainstream, outcome: $0.outcome,
                                      answers: $0.answers, error: answerError ?? $0.error, note: $0.note, source: $0.source)
                }
            }
            if whyClientsCare.isEmpty { whyClientsCare = Self.summary(situation, answer: answer) }
        }
    }

    /// "Refused by Firefox and GnuTLS clients; once the CA's responder is unreachable also by …".
    static func summary(_ situation: StapleSituation, answer: ResponderAnswer) -> String {
        let impacts = ClientImpactJudge.impacts(situation, answer: answer, mustStaple: situation == .mustStapleNoStaple)
        let mainstream = impacts.filter(\.mainstream)
        let now = mainstream.filter { $0.outcome == .refuses }.map(\.name)
        let later = mainstream.filter { $0.outcome != .refuses && $0.whenResponderUnreachable == .refuses }.map(\.name)
        let opt = impacts.filter { !$0.mainstream && $0.outcome == .refuses }.map(\.name)
        var parts: [String] = []
        let context = answer == .good || answer == .unreachable ? "" : " (the CA answering \(answer.rawValue))"
        parts.append(now.isEmpty ? "No mainstream client refuses\(context)" : "Refused by \(list(now))\(context)")
        if !later.isEmpty { parts.append("once the CA's responder is unreachable also by \(list(later))") }
        if !opt.isEmpty { parts.append("opt-in checks refuse too: \(list(opt))") }
        return parts.joined(separator: "; ") + "."
    }

    static func list(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
    }

    /// Every code with its severity rule, for `explain --list`.
    public static var list: [(code: FindingCode, severity: String, title: String)] {
        FindingCode.allCases.map { ($0, $0.severityRule.description, $0.title) }
    }
}
