#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What every report opens with, whichever command wrote it: the schema and the tool that
/// wrote it, and the instant it judged against. The verdict, derived from each report's
/// body, is written beside these by `EnvelopedReport`.
public struct ReportEnvelope: Codable, Sendable, Equatable {
    public var schemaVersion: Int = StapleCheck.schemaVersion
    public var tool: ToolInfo = .current
    /// The instant the analysis judged against (now, or `--at`).
    public var checkedAt: Date

    public init(checkedAt: Date) {
        self.checkedAt = checkedAt
    }
}
