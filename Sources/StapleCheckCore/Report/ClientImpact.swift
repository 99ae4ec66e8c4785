/// What one client does with what a server staples, computed from the client table, the
/// staple (`situation`) and what the CA's responder answered staplecheck (`responderAnswer`).
public struct ClientImpact: Codable, Sendable, Equatable {
    public var client: Client
    /// "Firefox ESR 140/153", "curl 7.88 --cert-status".
    public var name: String
    public var situation: StapleSituation
    /// What happens now: `asks-ca` only when the outcome hangs on an answer staplecheck did
    /// not get (`--no-live`).
    public var outcome: ClientOutcome
    /// One sentence: why.
    public var reason: String
    /// The error the client shows when it refuses (or would).
    @ExplicitNull public var error: String? = nil
    /// The client asks the CA's responder in this situation.
    public var asksResponder: Bool
    public var responderAnswer: ResponderAnswer
    /// What it does once the CA's responder is unreachable.
    public var whenResponderUnreachable: ClientOutcome
    /// A browser or a library's default behaviour, not an opt-in check (curl
    /// `--cert-status`, gnutls-cli `--ocsp`) or a diagnostic (s_client): severity follows
    /// the mainstream ones.
    public var mainstream: Bool

    public init(client: Client, name: String, situation: StapleSituation, outcome: ClientOutcome, reason: String, error: String?,
                asksResponder: Bool, responderAnswer: ResponderAnswer, whenResponderUnreachable: ClientOutcome, mainstream: Bool) {
        self.client = client
        self.name = name
        self.situation = situation
        self.outcome = outcome
        self.reason = reason
        self.error = error
        self.asksResponder = asksResponder
        self.responderAnswer = responderAnswer
        self.whenResponderUnreachable = whenResponderUnreachable
        self.mainstream = mainstream
    }
}
