#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// What `staplecheck fetch` did with the output file.
public enum FetchAction: String, Codable, Sendable {
    /// A fresh, fully verified response replaced (or created) the file.
    case written
    /// The file was valid for at least --min-validity: nothing was fetched.
    case skipped
    /// The responder's answer was valid but older than the file's: the file was kept.
    case kept
    /// Nothing acceptable was fetched: the file is untouched. JSON "none".
    case notWritten = "none"
}
