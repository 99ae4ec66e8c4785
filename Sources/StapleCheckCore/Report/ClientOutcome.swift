/// What a client does with what a server stapled (and, when it asks, with what the CA's
/// responder answers). The raw values are the JSON contract.
public enum ClientOutcome: String, CaseIterable, Codable, Sendable {
    case connects
    case refuses
    /// Acts as if nothing was stapled (and connects, as it does without a staple).
    case ignoresStaple = "ignores-staple"
    /// Drops the staple and asks the responder in the certificate's AIA; what follows depends
    /// on that answer (unresolved only when staplecheck did not ask: `--no-live`).
    case asksCA = "asks-ca"
    /// The revocation check failed and the connection goes ahead anyway.
    case softFail = "soft-fail"
    /// No source says what the client does.
    case notDocumented = "not-documented"

    /// The connection goes ahead.
    public var connects: Bool { self == .connects || self == .ignoresStaple || self == .softFail }
}
