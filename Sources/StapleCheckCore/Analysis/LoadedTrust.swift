#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Trust anchors loaded once and shared by many checks, on any thread (`TrustStore` says why
/// that is safe): a batch reads `--ca-file` or the system store once, not once per target.
public struct LoadedTrust: Sendable {
    let store: TrustStore

    /// Loads the anchors with the verification time pinned to `date` (the analysis instant).
    public init(_ anchors: TrustAnchors, at date: Date) throws(CheckError) {
        store = try TrustStore(anchors, at: date)
    }
}
