#if canImport(Glibc)
import Glibc
#endif

/// Why an exchange produced no HTTP response. `kind` is stable (it becomes an attempt's
/// `result`): unreachable, timeout, too-large, redirects, refused-scheme.
public struct HTTPFailure: Error, Sendable, Equatable {
    public enum Kind: String, Sendable { case unreachable, timeout, tooLarge = "too-large", redirects, refusedScheme = "refused-scheme" }
    public var kind: Kind
    public var message: String
}
