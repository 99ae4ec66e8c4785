#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An OCSP version INTEGER as encoded (v1 is 0).
struct EncodedVersion {
    /// nil when the INTEGER does not fit in 64 bits.
    var value: Int?
    /// Its decimal digits, whatever its size.
    var text: String

    var isV1: Bool { value == 0 }
}
