#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How one request to a responder or CRL distribution point ended. Stable strings.
public enum AttemptResult: String, Codable, Sendable, CaseIterable {
    /// A response that verifies (whatever status it gives).
    case ok
    case unreachable, timeout
    case httpError = "http-error"
    case tooLarge = "too-large"
    case redirects
    /// A URL or redirect to anything but http or https.
    case refusedScheme = "refused-scheme"
    /// The body is not an OCSP response (or CRL).
    case malformed
    /// An OCSP error status (tryLater, unauthorized, …).
    case unsuccessful
    /// Parsed, but fails verification: signature, authorisation, CertID or time window.
    case invalid

    /// No HTTP response that could be read as an answer came back: nothing reached us, or
    /// only redirects, an oversized body or a refused scheme did.
    var hasNoUsableResponse: Bool { [.unreachable, .timeout, .tooLarge, .redirects, .refusedScheme].contains(self) }
}
