#if canImport(Glibc)
import Glibc
#endif

/// The seam between revocation queries and the network: `CurlHTTPClient` in the tool,
/// anything else in a test that wants one.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure>
    /// Does any one-time set-up now, so that it does not count in the first request's latency.
    func prepare()
}

extension HTTPClient {
    public func prepare() {}
}
