#if canImport(Glibc)
import Glibc
#endif

public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String?
    public var body: [UInt8]
}
