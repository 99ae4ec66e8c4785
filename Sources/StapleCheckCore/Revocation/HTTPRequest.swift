#if canImport(Glibc)
import Glibc
#endif

/// One HTTP request to an OCSP responder or a CRL distribution point. The URL comes from an
/// untrusted certificate: the client allows http and https only, for the request and for
/// every redirect, and caps time, redirects and body size.
public struct HTTPRequest: Sendable {
    public typealias Method = HTTPMethod

    public var url: String
    public var method: Method
    public var body: [UInt8]
    public var contentType: String?
    /// Seconds for the whole exchange, redirects included.
    public var timeout: Double
    public var maximumBytes: Int
    public var maximumRedirects: Int

    public init(url: String, method: Method = .get, body: [UInt8] = [], contentType: String? = nil, timeout: Double,
                maximumBytes: Int, maximumRedirects: Int = 3) {
        self.url = url
        self.method = method
        self.body = body
        self.contentType = contentType
        self.timeout = timeout
        self.maximumBytes = maximumBytes
        self.maximumRedirects = maximumRedirects
    }
}
