/// What one client does in each stapling situation: the researched table of docs/CLIENTS.md,
/// one source of truth for `clientImpact[]`, `staplecheck explain` and the tests that run the
/// real clients against it (`ClientTableTests`; the browser test reads the Firefox column
/// through `staplecheck explain --clients --format json`).
public struct ClientBehaviour: Sendable, Codable, Equatable {
    /// When the outcome hangs on the CA's answer: the outcome for each answer a client can get.
    public struct Answers: Sendable, Codable, Equatable {
        public var good: ClientOutcome
        public var revoked: ClientOutcome
        public var unknown: ClientOutcome
        /// Unreachable, timed out, an HTTP error, or an answer that does not verify.
        public var unreachable: ClientOutcome
        /// The error shown when the CA answers revoked or unknown (else the cell's own).
        @ExplicitNull public var revokedError: String? = nil
        @ExplicitNull public var unknownError: String? = nil

        public func outcome(for answer: ResponderAnswer) -> ClientOutcome? {
            switch answer {
            case .good: good
            case .revoked: revoked
            case .unknown: unknown
            // A certificate without a responder URL fails the fetch the same way.
            case .unreachable, .noResponder: unreachable
            case .notAsked: nil
            }
        }
    }

    /// One cell: a situation and what the client does in it.
    public struct Cell: Sendable, Codable, Equatable {
        public var situation: StapleSituation
        /// As researched: `asks-ca` when the client asks the responder (then `answers`).
        public var outcome: ClientOutcome
        @ExplicitNull public var answers: Answers? = nil
        /// The outcome when the certificate is must-staple, where it differs.
        @ExplicitNull public var mustStaple: ClientOutcome? = nil
        /// The error the client shows.
        @ExplicitNull public var error: String? = nil
        /// Where the fact comes from (source file or page, version, date).
        public var source: String
        /// Reproduced on this machine with the real client (and asserted by the tests).
        public var lab: Bool
        @ExplicitNull public var note: String? = nil
    }

    public var client: Client
    public var name: String
    /// The versions the cells describe.
    public var versions: String
    public var mainstream: Bool
    /// How the client treats staples, in one sentence.
    public var summary: String
    public var cells: [Cell]

    public func cell(_ situation: StapleSituation) -> Cell? { cells.first { $0.situation == situation } }

    /// The client's outcome for a situation and the answer the CA's responder gave.
    public func impact(_ situation: StapleSituation, answer: ResponderAnswer, mustStaple: Bool) -> ClientImpact {
        guard let cell = cell(situation) else {
            return ClientImpact(client: client, name: name, situation: situation, outcome: .notDocumented,
                                reason: "No source says what \(name) does with a \(situation.summary).", error: nil,
                                asksResponder: false, responderAnswer: answer, whenResponderUnreachable: .notDocumented,
                                mainstream: mainstream)
        }
        let base = (mustStaple ? cell.mustStaple : nil) ?? cell.outcome
        var outcome = base
        var unreachable = base
        var reason = Self.reasons[base] ?? ""
        var error = cell.error
        if let answers = cell.answers, base == .asksCA {
            error = (answer == .revoked ? answers.revokedError : answer == .unknown ? answers.unknownError : nil) ?? cell.error
            unreachable = answers.unreachable
            if let resolved = answers.outcome(for: answer) {
                outcome = resolved
                reason = "asks the CA's responder, which \(Self.answerText[answer] ?? answer.rawValue): \(Self.reasons[resolved] ?? resolved.rawValue)"
            } else {
                reason = "asks the CA's responder (not asked here: --no-live); good: \(answers.good.rawValue), revoked: \(answers.revoked.rawValue), unknown: \(answers.unknown.rawValue), unreachable: \(answers.unreachable.rawValue)"
            }
        }
        if let note = cell.note { reason += " (\(note))" }
        return ClientImpact(client: client, name: name, situation: situation, outcome: outcome, reason: reason,
                            error: outcome.connects ? nil : error, asksResponder: cell.answers != nil && base == .asksCA,
                            responderAnswer: answer, whenResponderUnreachable: unreachable, mainstream: mainstream)
    }

    static let reasons: [ClientOutcome: String] = [
        .connects: "connects",
        .refuses: "refuses the connection",
        .ignoresStaple: "treats it as no staple and connects",
        .asksCA: "asks the CA's responder",
        .softFail: "the check fails and it connects anyway (soft-fail)",
        .notDocumented: "not documented",
    ]

    static let answerText: [ResponderAnswer: String] = [
        .good: "answers good", .revoked: "answers revoked", .unknown: "answers unknown",
        .unreachable: "gives no usable answer", .noResponder: "does not exist (no OCSP URL)",
    ]
}

extension ClientBehaviour {
    /// The whole table, in the order reports list the clients.
    public static let table: [ClientBehaviour] = [firefox, chrome, safari, gnutls, go, java, schannel, curl, opensslSClient, gnutlsOCSP]

    /// The client's column (every table lists every client; an empty column would say
    /// "not documented" throughout).
    public static func of(_ client: Client) -> ClientBehaviour {
        table.first { $0.client == client }
            ?? ClientBehaviour(client: client, name: client.rawValue, versions: "", mainstream: false, summary: "not documented", cells: [])
    }
}
