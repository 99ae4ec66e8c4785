internal import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// Owns one `CURL*` easy handle and the header list given to it.
final class CurlEasy {
    private let pointer: UnsafeMutableRawPointer
    private let curl: CurlLibrary
    private var headers: UnsafeMutablePointer<curl_slist>?

    init?(_ curl: CurlLibrary) {
        guard let handle = sc_curl_easy_init(curl.easyInit) else { return nil }
        self.curl = curl
        pointer = handle
    }

    deinit {
        sc_curl_easy_cleanup(curl.cleanup, pointer)
        sc_curl_slist_free_all(curl.slistFree, headers)
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
        _ = sc_curl_setopt_string(curl.setopt, pointer, CURLOPT_URL, request.url)
        _ = sc_curl_setopt_string(curl.setopt, pointer, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = sc_curl_setopt_string(curl.setopt, pointer, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        _ = sc_curl_setopt_long(curl.setopt, pointer, CURLOPT_FOLLOWLOCATION, 1)
        _ = sc_curl_setopt_long(curl.setopt, pointer, CURLOPT_MAXREDIRS, request.maximumRedirects)
        _ = sc_curl_setopt_long(curl.setopt, pointer, CURLOPT_TIMEOUT_MS, max(1, Int(request.timeout * 1000)))
        _ = sc_curl_setopt_long(curl.setopt, pointer, CURLOPT_NOSIGNAL, 1)
        _ = sc_curl_setopt_long(curl.setopt, pointer, CURLOPT_MAXFILESIZE, request.maximumBytes)
        _ = sc_curl_setopt_string(curl.setopt, pointer, CURLOPT_USERAGENT, "staplecheck/\(StapleCheck.version)")
        headers = sc_curl_slist_append(curl.slistAppend, headers, "Expect:")  // no 100-continue round trip for POST
        if let type = request.contentType { headers = sc_curl_slist_append(curl.slistAppend, headers, "Content-Type: \(type)") }
        _ = sc_curl_setopt_slist(curl.setopt, pointer, CURLOPT_HTTPHEADER, headers)
        _ = sc_curl_setopt_write(curl.setopt, pointer) { data, size, count, context in
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
        _ = sc_curl_setopt_pointer(curl.setopt, pointer, CURLOPT_WRITEDATA, context)

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorBytes in
            _ = sc_curl_setopt_pointer(curl.setopt, pointer, CURLOPT_ERRORBUFFER, errorBytes.baseAddress)
            return withExtendedLifetime(sink) {
                request.body.withUnsafeBufferPointer { body -> CURLcode in
                    if request.method == .post {
                        _ = sc_curl_setopt_long(curl.setopt, pointer, CURLOPT_POST, 1)
                        _ = sc_curl_setopt_postsize(curl.setopt, pointer, curl_off_t(body.count))
                        _ = sc_curl_setopt_pointer(curl.setopt, pointer, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: body.baseAddress))
                    } else {
                        _ = sc_curl_setopt_long(curl.setopt, pointer, CURLOPT_HTTPGET, 1)
                    }
                    return sc_curl_easy_perform(curl.perform, pointer)
                }
            }
        }
        _ = sc_curl_setopt_pointer(curl.setopt, pointer, CURLOPT_ERRORBUFFER, nil)
        guard code == CURLE_OK else {
            return .failure(Self.failure(code, detail: string(fromCBuffer: errorBuffer), overflowed: sink.overflowed, request: request,
                                         describe: { String(cString: sc_curl_easy_strerror(self.curl.strerror, $0)) }))
        }
        var status = 0
        _ = sc_curl_getinfo_long(curl.getinfo, pointer, CURLINFO_RESPONSE_CODE, &status)
        var type: UnsafeMutablePointer<CChar>?
        _ = sc_curl_getinfo_string(curl.getinfo, pointer, CURLINFO_CONTENT_TYPE, &type)
        return .success(HTTPResponse(status: status, contentType: type.map { String(cString: $0) }, body: sink.bytes))
    }

    private static func failure(_ code: CURLcode, detail: String, overflowed: Bool, request: HTTPRequest,
                                describe: (CURLcode) -> String) -> HTTPFailure {
        let text = detail.isEmpty ? describe(code) : detail
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPFailure(kind: .timeout, message: "no answer within \(DurationFormat.seconds(request.timeout)) (\(text))")
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
