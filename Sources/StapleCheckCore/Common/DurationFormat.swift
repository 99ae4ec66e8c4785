#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one way durations are written for people, in findings and in text output alike.
public enum DurationFormat {
    /// A span as its two largest units: "2d 3h", "5h 12m", "7m", "42s" (negative spans as 0s).
    public static func compact(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        if s >= 86400 { return "\(s / 86400)d \(s % 86400 / 3600)h" }
        if s >= 3600 { return "\(s / 3600)h \(s % 3600 / 60)m" }
        if s >= 60 { return "\(s / 60)m" }
        return "\(s)s"
    }

    /// A user-given number of seconds as they would write it: "2 s", "1.5 s".
    public static func seconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\((seconds * 10).rounded() / 10) s"
    }
}
