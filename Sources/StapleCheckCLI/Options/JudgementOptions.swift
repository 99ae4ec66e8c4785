import ArgumentParser
import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Options about how a staple is judged, shared by the server check, `inspect` and `fetch`.
struct JudgementOptions: ParsableArguments {
    @Option(name: .customLong("ca-file"), help: ArgumentHelp("PEM file of trust anchors replacing the system store.", valueName: "file"), completion: .file())
    var caFile: String?

    @Option(help: ArgumentHelp("Judge validity at this instant instead of now (ISO 8601, e.g. 2026-01-31T12:00:00Z).", valueName: "time"))
    var at: InstantArgument?

    @Option(name: .customLong("warn-within"), help: ArgumentHelp("Warn when the staple expires sooner than this (e.g. 24h, 90m, 2d, 3600).", valueName: "duration"))
    var warnWithin = DurationArgument.day

    func analysisOptions(requireStaple: Bool) -> AnalysisOptions {
        AnalysisOptions(now: at?.date ?? Date(), trust: caFile.map { .file(RawArguments.path(for: $0)) } ?? .system, warnWithin: warnWithin.seconds,
                        requireStaple: requireStaple)
    }
}
