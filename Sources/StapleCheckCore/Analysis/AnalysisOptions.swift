#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How a capture is judged.
public struct AnalysisOptions: Sendable {
    /// The instant to judge validity at (now, or `--at`). Injected: nothing below reads the clock.
    public var now: Date
    public var trust: TrustAnchors
    /// Warn when the staple's nextUpdate is closer than this.
    public var warnWithin: TimeInterval
    /// A missing staple is critical rather than a warning.
    public var requireStaple: Bool

    public init(now: Date, trust: TrustAnchors = .system, warnWithin: TimeInterval = 24 * 3600, requireStaple: Bool = false) {
        self.now = now
        self.trust = trust
        self.warnWithin = warnWithin
        self.requireStaple = requireStaple
    }
}
