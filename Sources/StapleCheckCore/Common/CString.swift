#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The NUL-terminated text in a fixed-size C buffer.
func string(fromCBuffer buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
