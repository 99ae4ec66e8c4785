import ArgumentParser

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An instant given on the command line (`--at`) in ISO 8601, e.g. 2026-01-31T12:00:00Z.
public struct InstantArgument: ExpressibleByArgument, Sendable, Equatable {
    public let date: Date

    public init?(argument: String) {
        guard let date = try? Date(argument, strategy: .iso8601) else { return nil }
        self.date = date
    }
}
