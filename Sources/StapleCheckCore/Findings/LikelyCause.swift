/// The server setup that most likely produced a finding, from the pattern seen ("typical
/// of …"), and the concrete change to make in that server. Never a certainty.
public struct LikelyCause: Codable, Sendable, Equatable {
    /// "Typical of nginx `ssl_stapling on` …".
    public var cause: String
    /// What to change, for the server named.
    public var fix: String

    public init(cause: String, fix: String) {
        self.cause = cause
        self.fix = fix
    }
}
