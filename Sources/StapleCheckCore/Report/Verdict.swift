#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The overall answer of one check; `error` when no check was possible.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    case ok, warning, critical, error

    /// The documented process exit code: 0 ok, 1 warning, 2 critical, 3 could not check.
    public var exitCode: Int32 {
        switch self {
        case .ok: 0
        case .warning: 1
        case .critical: 2
        case .error: 3
        }
    }

    /// The worst severity among the findings decides; info findings never change the verdict.
    public init(findings: [Finding]) {
        switch findings.map(\.severity).max() {
        case .critical: self = .critical
        case .warning: self = .warning
        case .info, nil: self = .ok
        }
    }
}
