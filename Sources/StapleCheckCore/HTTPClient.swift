internal import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP request to an OCSP responder or a CRL distribution point. The URL comes from an
/// untrusted certificate: the client allows http and https only, for the request and for
/// every redirect, and caps time, redirects and body size.
public struct HTTPRequest: Sendable {
    public enum Method: String, Codable, Sendable { case get = "GET", post = "POST" }

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

public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String?
    public var body: [UInt8]
    public var redirects: Int
}

/// Why an exchange produced no HTTP response. `kind` is stable (it becomes an attempt's
/// `result`): unreachable, timeout, too-large, redirects, refused-scheme.
public struct HTTPFailure: Error, Sendable, Equatable {
    public enum Kind: String, Sendable { case unreachable, timeout, tooLarge = "too-large", redirects, refusedScheme = "refused-scheme" }
    public var kind: Kind
    public var message: String
}

/// The seam between revocation queries and the network: `CurlHTTPClient` in the tool,
/// anything else in a test that wants one.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure>
}

/// libcurl's easy interface: the maintained client Foundation's URLSession wraps on Linux,
/// without pulling Foundation's start-up cost into every check.
public struct CurlHTTPClient: HTTPClient {
    public init() {}

    /// curl_global_init is not thread-safe; a global's initialiser runs exactly once.
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    public func send(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> {
        guard Self.initialised, let handle = CurlEasy() else {
            return .failure(HTTPFailure(kind: .unreachable, message: "cannot start the HTTP client"))
        }
        return handle.perform(request)
    }
}

/// Owns one `CURL*` easy handle and the header list given to it.
private final class CurlEasy {
    let pointer: UnsafeMutableRawPointer
    private var headers: UnsafeMutablePointer<curl_slist>?

    init?() {
        guard let handle = curl_easy_init() else { return nil }
        pointer = handle
    }

    deinit {
        curl_easy_cleanup(pointer)
        curl_slist_free_all(headers)
    }

    /// Collects the body, refusing to grow past the cap. Passed to curl as an opaque pointer
    /// that lives for the duration of `curl_easy_perform`.
    private final class Sink {
        var bytes: [UInt8] = []
        let limit: Int
        var overflowed = false
        init(limit: Int) { self.limit = limit }
    }

    func perform(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> {
        let sink = Sink(limit: request.maximumBytes)
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        _ = sc_curl_setopt_string(pointer, CURLOPT_URL, request.url)
        _ = sc_curl_setopt_string(pointer, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = sc_curl_setopt_string(pointer, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        _ = sc_curl_setopt_long(pointer, CURLOPT_FOLLOWLOCATION, 1)
        _ = sc_curl_setopt_long(pointer, CURLOPT_MAXREDIRS, request.maximumRedirects)
        _ = sc_curl_setopt_long(pointer, CURLOPT_TIMEOUT_MS, max(1, Int(request.timeout * 1000)))
        _ = sc_curl_setopt_long(pointer, CURLOPT_NOSIGNAL, 1)
        _ = sc_curl_setopt_long(pointer, CURLOPT_MAXFILESIZE, request.maximumBytes)
        _ = sc_curl_setopt_string(pointer, CURLOPT_USERAGENT, "staplecheck/\(StapleCheck.version)")
        headers = curl_slist_append(headers, "Expect:")  // no 100-continue round trip for POST
        if let type = request.contentType { headers = curl_slist_append(headers, "Content-Type: \(type)") }
        _ = sc_curl_setopt_slist(pointer, CURLOPT_HTTPHEADER, headers)
        _ = sc_curl_setopt_write(pointer) { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
            let n = size * count
            guard sink.bytes.count + n <= sink.limit else {
                sink.overflowed = true
                return 0  // curl stops with CURLE_WRITE_ERROR
            }
            data.withMemoryRebound(to: UInt8.self, capacity: n) { sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
            return n
        }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        _ = sc_curl_setopt_pointer(pointer, CURLOPT_WRITEDATA, context)

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorBytes in
            _ = sc_curl_setopt_pointer(pointer, CURLOPT_ERRORBUFFER, errorBytes.baseAddress)
            return withExtendedLifetime(sink) {
                request.body.withUnsafeBufferPointer { body -> CURLcode in
                    if request.method == .post {
                        _ = sc_curl_setopt_long(pointer, CURLOPT_POST, 1)
                        _ = sc_curl_setopt_postsize(pointer, curl_off_t(body.count))
                        _ = sc_curl_setopt_pointer(pointer, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: body.baseAddress))
                    } else {
                        _ = sc_curl_setopt_long(pointer, CURLOPT_HTTPGET, 1)
                    }
                    return curl_easy_perform(pointer)
                }
            }
        }
        _ = sc_curl_setopt_pointer(pointer, CURLOPT_ERRORBUFFER, nil)
        guard code == CURLE_OK else {
            return .failure(Self.failure(code, detail: string(fromCBuffer: errorBuffer), overflowed: sink.overflowed, request: request))
        }
        var status = 0
        _ = sc_curl_getinfo_long(pointer, CURLINFO_RESPONSE_CODE, &status)
        var redirects = 0
        _ = sc_curl_getinfo_long(pointer, CURLINFO_REDIRECT_COUNT, &redirects)
        var type: UnsafeMutablePointer<CChar>?
        _ = sc_curl_getinfo_string(pointer, CURLINFO_CONTENT_TYPE, &type)
        return .success(HTTPResponse(status: status, contentType: type.map { String(cString: $0) }, body: sink.bytes, redirects: redirects))
    }

    private static func failure(_ code: CURLcode, detail: String, overflowed: Bool, request: HTTPRequest) -> HTTPFailure {
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPFailure(kind: .timeout, message: "no answer within \(formatSeconds(request.timeout)) (\(text))")
        case CURLE_FILESIZE_EXCEEDED:
            return HTTPFailure(kind: .tooLarge, message: "the body is larger than \(request.maximumBytes) bytes")
        case CURLE_WRITE_ERROR where overflowed:
            return HTTPFailure(kind: .tooLarge, message: "the body is larger than \(request.maximumBytes) bytes")
        case CURLE_TOO_MANY_REDIRECTS:
            return HTTPFailure(kind: .redirects, message: "more than \(request.maximumRedirects) redirects (\(text))")
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return HTTPFailure(kind: .refusedScheme, message: "only http and https URLs are followed (\(text))")
        default:
            return HTTPFailure(kind: .unreachable, message: text)
        }
    }
}

/// "2 s", "1.5 s".
func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\((seconds * 10).rounded() / 10) s"
}
