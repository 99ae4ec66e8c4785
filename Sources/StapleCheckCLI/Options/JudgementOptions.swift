import ArgumentParser
import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Options about how a staple is judged, shared by the live check, `inspect` and `fetch`.
struct JudgementOptions: ParsableArguments {
    @Option(name: .customLong("ca-file"), help: ArgumentHelp("PEM file of trust anchors replacing the system store.", valueName: "file"))
    var caFile: String?

    @Option(help: ArgumentHelp("Judge validity at this instant instead of now (ISO 8601, e.g. 2026-01-31T12:00:00Z).", valueName: "time"))
    var at: String?

    @Option(name: .customLong("warn-within"), help: ArgumentHelp("Warn when the staple expires sooner than this (e.g. 24h, 90m, 2d, 3600).", valueName: "duration"))
    var warnWithin: String = "24h"

    func analysisOptions(requireStaple: Bool) throws -> AnalysisOptions {
        var now = Date()
        if let at {
            guard let parsed = try? Date(at, strategy: .iso8601) else {
                throw ValidationError("--at: \"\(at)\" is not an ISO 8601 time such as 2026-01-31T12:00:00Z")
            }
            now = parsed
        }
        guard let within = parseDuration(warnWithin) else {
            throw ValidationError("--warn-within: \"\(warnWithin)\" is not a duration such as 24h, 90m, 2d or 3600")
        }
        return AnalysisOptions(now: now, trust: caFile.map { .file($0) } ?? .system, warnWithin: within, requireStaple: requireStaple)
    }

    func validate() throws {
        _ = try analysisOptions(requireStaple: false)
    }
}

/// "24h", "90m", "2d", "30s" or plain seconds.
func parseDuration(_ text: String) -> TimeInterval? {
    let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
    if let unit = text.last, let factor = units[unit], let value = Double(text.dropLast()), value >= 0 {
        return value * factor
    }
    if let value = Double(text), value >= 0 { return value }
    return nil
}
