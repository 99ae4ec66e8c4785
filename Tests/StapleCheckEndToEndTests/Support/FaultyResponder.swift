import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server of our own on 127.0.0.1 (kernel-chosen port) that plays an OCSP
/// responder or CRL server, well or badly: a fixed body with any status and Content-Type,
/// 404 on every Nth request, slow answers, redirects (to itself with a hop counter, or to
/// any URL, e.g. file:///etc/passwd), oversized or length-less bodies, or a sequence of
/// bodies. It reads each request whole, records method, path, headers and body, answers
/// with `Connection: close`, and serves at most `maxRequests` requests. One thread accepts
/// and one per connection; `stop()` ends them all and waits for them.
final class FaultyResponder: @unchecked Sendable {  // mutable state guarded by `lock`; fds owned here
    enum Body: Sendable {
        /// Read at each request, so a test may start the server, issue a certificate with
        /// its URL, and only then write the file.
        case file(String)
        case bytes([UInt8])
        /// N bytes of zeros.
        case zeros(Int)
    }

    struct Behaviour: Sendable {
        /// Served in order, one per (non-redirect, non-failed) request; the last one repeats.
        var bodies: [Body] = [.bytes([])]
        var status: Int = 200
        /// nil: no Content-Type header.
        var contentType: String? = "application/ocsp-response"
        /// Every Nth request (counting all requests from 1) is answered 404.
        var failEvery: Int? = nil
        /// Seconds to wait before answering (interrupted by stop()).
        var delay: Double = 0
        /// Answer 307 with `Location: <self>/hop/N/<path>` until N reaches this count, then serve.
        var redirects: Int = 0
        /// Answer every request with 307 and this Location.
        var redirectTo: String? = nil
        /// Send no Content-Length: the body ends when the connection closes.
        var omitContentLength: Bool = false

        static func serve(_ body: Body, status: Int = 200, contentType: String? = "application/ocsp-response") -> Behaviour {
            Behaviour(bodies: [body], status: status, contentType: contentType)
        }
    }

    struct Request: Sendable {
        var number: Int
        var method: String
        /// The request-target as sent (still percent-encoded).
        var path: String
        /// Lower-cased names.
        var headers: [String: String]
        var body: [UInt8]
        /// What was answered.
        var status: Int
    }

    let port: Int
    let maxRequests: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    private let listener: Int32
    private let stopPipe: [Int32]
    private let lock = NSLock()
    private var _behaviour: Behaviour
    private var _requests: [Request] = []
    private var arrivals = 0
    private var served = 0
    private var bodiesServed = 0
    private var threads = 0
    private var stopped = false
    private let allDone = NSCondition()

    var behaviour: Behaviour {
        get { lock.withLock { _behaviour } }
        set { lock.withLock { _behaviour = newValue } }
    }

    /// Completed requests, in arrival order.
    var requests: [Request] { lock.withLock { _requests.sorted { $0.number < $1.number } } }
    var requestCount: Int { lock.withLock { _requests.count } }

    init(_ behaviour: Behaviour = .serve(.bytes([]), status: 503, contentType: nil), maxRequests: Int = 300) throws {
        _behaviour = behaviour
        self.maxRequests = maxRequests
        var p: [Int32] = [0, 0]
        guard pipe(&p) == 0 else { throw LabError(message: "pipe failed") }
        p.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }  // a child inheriting it meanwhile does no harm
        stopPipe = p
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        listener = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd); close(p[0]); close(p[1])
            throw LabError(message: "FaultyResponder: cannot listen: \(String(cString: strerror(errno)))")
        }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        threads = 1
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Closes the listener, wakes every waiting thread, and returns once all have ended.
    func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(stopPipe[1], &byte, 1)
        allDone.lock()
        while lock.withLock({ threads }) > 0 { _ = allDone.wait(until: Date().addingTimeInterval(0.05)) }
        allDone.unlock()
        close(listener)
        close(stopPipe[0])
        close(stopPipe[1])
    }

    deinit { stop() }

    // MARK: - Threads

    private func threadEnded() {
        lock.withLock { threads -= 1 }
        allDone.lock()
        allDone.broadcast()
        allDone.unlock()
    }

    /// Waits until `fd` is readable or stop() is called; false when stopping or after `seconds`.
    private func waitReadable(_ fd: Int32, seconds: Double) -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: stopPipe[0], events: Int16(POLLIN), revents: 0)]
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            let rc = poll(&fds, 2, Int32(min(left, 1) * 1000) + 1)
            if rc < 0 && errno == EINTR { continue }
            if rc < 0 || fds[1].revents != 0 { return false }
            if fds[0].revents != 0 { return true }
        }
    }

    /// Sleeps `seconds` unless stop() is called first; false if stopped.
    private func pause(_ seconds: Double) -> Bool {
        var fds = [pollfd(fd: stopPipe[0], events: Int16(POLLIN), revents: 0)]
        let deadline = Date().addingTimeInterval(seconds)
        while deadline.timeIntervalSinceNow > 0 {
            let rc = poll(&fds, 1, Int32(deadline.timeIntervalSinceNow * 1000) + 1)
            if rc > 0 { return false }
        }
        return true
    }

    private func acceptLoop() {
        defer { threadEnded() }
        while waitReadable(listener, seconds: 3600) {
            let client = Self.accept4(listener, nil, nil, Int32(SOCK_CLOEXEC.rawValue))
            if client < 0 { continue }
            let admitted = lock.withLock { () -> Int? in
                guard !stopped, arrivals < maxRequests else { return nil }
                arrivals += 1
                threads += 1
                return arrivals
            }
            guard admitted != nil else { close(client); continue }
            // A client that stops reading must not pin this thread past stop().
            var limit = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            Thread.detachNewThread { [self] in
                defer { threadEnded() }
                serve(client)
                close(client)
            }
        }
    }

    private func serve(_ client: Int32) {
        guard var request = readRequest(client) else { return }
        let behaviour = self.behaviour
        let number = lock.withLock { () -> Int in
            served += 1
            return served
        }
        request.number = number
        if behaviour.delay > 0, !pause(behaviour.delay) { return }

        var status = behaviour.status
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        var servingBody = false
        let hop = Self.hop(in: request.path)
        if let every = behaviour.failEvery, every > 0, number % every == 0 {
            status = 404
            body = Array("not found\n".utf8)
            headers.append(("Content-Type", "text/plain"))
        } else if let target = behaviour.redirectTo {
            status = 307
            headers.append(("Location", target))
        } else if hop.count < behaviour.redirects {
            status = 307
            headers.append(("Location", "\(baseURL)/hop/\(hop.count + 1)\(hop.rest)"))
        } else {
            servingBody = true
            let index = lock.withLock { () -> Int in
                defer { bodiesServed += 1 }
                return min(bodiesServed, behaviour.bodies.count - 1)
            }
            switch behaviour.bodies.isEmpty ? .bytes([]) : behaviour.bodies[index] {
            case .file(let path): body = (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
            case .bytes(let bytes): body = bytes
            case .zeros(let count): body = [UInt8](repeating: 0, count: count)
            }
            if let type = behaviour.contentType { headers.append(("Content-Type", type)) }
        }
        request.status = status
        lock.withLock { _requests.append(request) }

        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !(behaviour.omitContentLength && servingBody) { head += "Content-Length: \(body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        guard writeAll(client, Array(head.utf8)) else { return }
        if request.method != "HEAD" { _ = writeAll(client, body) }
        shutdown(client, Int32(SHUT_WR))
    }

    /// accept4(2) (hidden behind _GNU_SOURCE in Glibc's module): the client socket is
    /// close-on-exec from the start, so no child spawned meanwhile by a parallel test
    /// inherits it and keeps the connection open after we close it.
    private static let accept4: @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32 = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "accept4") else { fatalError("no accept4 in libc") }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32).self)
    }()

    /// "/hop/2/ocsp/XYZ" → (2, "/ocsp/XYZ"); anything else → (0, path).
    static func hop(in path: String) -> (count: Int, rest: String) {
        let parts = path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count >= 3, parts[1] == "hop" {
            let tail = parts[2].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            if let n = Int(tail[0]) { return (n, tail.count > 1 ? "/" + tail[1] : "") }
        }
        return (0, path)
    }

    /// The path with any hop prefix removed.
    static func originalPath(_ path: String) -> String { hop(in: path).rest }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 307: "Temporary Redirect"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Reads the request line, headers and (Content-Length) body; nil on EOF, stop, garbage or 10 s of silence.
    private func readRequest(_ fd: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        var headerEnd: Int?
        var expected: Int?
        var continued = false
        while true {
            if let end = headerEnd {
                if data.count - end >= (expected ?? 0) { break }
            }
            guard waitReadable(fd, seconds: 10) else { return nil }
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            data += buffer[0..<n]
            guard data.count <= 1 << 20 else { return nil }
            if headerEnd == nil, let range = Self.find([13, 10, 13, 10], in: data) {
                headerEnd = range
                let head = String(decoding: data[0..<range], as: UTF8.self)
                let headers = Self.headers(head)
                expected = headers["content-length"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                if headers["expect"]?.lowercased() == "100-continue", !continued {
                    continued = true
                    _ = writeAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                }
            }
        }
        guard let end = headerEnd else { return nil }
        let head = String(decoding: data[0..<end], as: UTF8.self)
        let line = head.split(separator: "\r\n", maxSplits: 1).first.map(String.init) ?? ""
        let words = line.split(separator: " ")
        guard words.count >= 2 else { return nil }
        let body = Array(data[(end + 4)...].prefix(expected ?? 0))
        return Request(number: 0, method: String(words[0]), path: String(words[1]), headers: Self.headers(head), body: body, status: 0)
    }

    private static func headers(_ head: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in head.split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        return nil
    }
}
