import ArgumentParser

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A span given on the command line (`--warn-within`, `--stale-after`, `--min-validity`):
/// "24h", "90m", "2d", "30s" or plain seconds ("3600"); never negative.
public struct DurationArgument: ExpressibleByArgument, Sendable, Equatable {
    public let seconds: TimeInterval
    /// As written, so that `--help` shows a default as "24h".
    public let text: String

    /// The default of `--warn-within` and `--stale-after`.
    public static let day = DurationArgument(seconds: 86400, text: "24h")

    private init(seconds: TimeInterval, text: String) {
        self.seconds = seconds
        self.text = text
    }

    public init?(argument: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let unit = argument.last, let factor = units[unit], let value = Double(argument.dropLast()), value >= 0 {
            seconds = value * factor
        } else if let value = Double(argument), value >= 0 {
            seconds = value
        } else {
            return nil
        }
        text = argument
    }

    public var defaultValueDescription: String { text }
}
