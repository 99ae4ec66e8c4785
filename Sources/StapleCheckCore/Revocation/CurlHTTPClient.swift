internal import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// libcurl's easy interface: the maintained client Foundation's URLSession wraps on Linux,
/// without pulling Foundation's start-up cost into every check.
public struct CurlHTTPClient: HTTPClient {
    public init() {}

    public func prepare() { _ = CurlLibrary.shared }

    public func send(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> {
        guard let curl = CurlLibrary.shared else {
            return .failure(HTTPFailure(kind: .unreachable, message: "cannot load the HTTP client (\(CurlLibrary.soname): \(CurlLibrary.loadError))"))
        }
        guard let handle = CurlEasy(curl) else {
            return .failure(HTTPFailure(kind: .unreachable, message: "cannot start the HTTP client"))
        }
        return handle.perform(request)
    }
}
