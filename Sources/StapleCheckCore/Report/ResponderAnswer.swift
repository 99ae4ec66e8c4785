/// What the certificate's OCSP responder answered staplecheck's own query (`live`), as a
/// client that asks it would see it.
public enum ResponderAnswer: String, CaseIterable, Codable, Sendable {
    case good, revoked, unknown
    /// No usable answer: unreachable, timeout, HTTP error, an error status, bytes that are not
    /// OCSP, or a response that does not verify — clients treat all of them alike.
    case unreachable
    /// The certificate names no OCSP responder: there is nobody to ask.
    case noResponder = "no-responder"
    /// staplecheck did not ask (`--no-live`).
    case notAsked = "not-asked"

    public init(_ live: LiveInfo?) {
        guard let live else { self = .notAsked; return }
        if live.attempts.isEmpty { self = live.error == nil ? .notAsked : .noResponder; return }
        guard live.result == .ok, let status = live.certStatus else { self = .unreachable; return }
        switch status {
        case .good: self = .good
        case .revoked: self = .revoked
        case .unknown: self = .unknown
        }
    }
}
