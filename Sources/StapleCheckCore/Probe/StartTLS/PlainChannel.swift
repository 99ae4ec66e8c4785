#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The cleartext part of a STARTTLS connection, on the check's non-blocking socket and
/// inside its deadline. Reads never take a byte past what the dialogue asked for (the
/// socket is peeked first), so the TLS handshake that follows starts on a clean stream.
/// Everything the server may send is bounded: `maxReceived` in all, `maxLine` a line.
final class PlainChannel {
    /// What one dialogue may read from the server in all: greetings and capability lists
    /// are a few hundred bytes; a server that sends more is not the protocol's.
    static let maxReceived = 16 * 1024
    /// The longest line (or XML tag) taken: RFC 5321 allows 512 bytes for a reply line.
    static let maxLine = 4096

    private let socket: Socket
    let address: SocketAddress
    let protocolName: String
    private(set) var received = 0
    /// The most recent reply read (its lines as received), for messages.
    private(set) var lastReply: [UInt8] = []

    /// The deadline every read and write of this dialogue waits against: the check's.
    private let deadline: Deadline

    init(socket: Socket, address: SocketAddress, protocolName: String, deadline: Deadline) {
        self.socket = socket
        self.address = address
        self.protocolName = protocolName
        self.deadline = deadline
    }

    /// The last reply, quoted for a message (bounded and escaped, `StartTLSQuote`).
    var quotedReply: String {
        var reply = lastReply[...]
        while let last = reply.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { reply = reply.dropLast() }
        return StartTLSQuote.quote(Array(reply))
    }

    /// Starts a new reply: what is read next is what `quotedReply` shows.
    func beginReply() {
        if !lastReply.isEmpty { previousReply = lastReply }
        lastReply = []
    }

    /// The reply before the current one, for a server that stops answering.
    private var previousReply: [UInt8] = []

    func send(_ text: String) throws(CheckError) { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws(CheckError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(socket.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                offset += n
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                guard try socket.wait(for: Int16(POLLOUT), deadline: deadline) else { throw timedOut() }
            case ECONNRESET, EPIPE: throw closed(reset: true)
            default: throw CheckError.io("cannot write to \(address): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// One line without its CR LF (or LF).
    func readLine() throws(CheckError) -> [UInt8] {
        var line = try read(through: UInt8(ascii: "\n"))
        line.removeLast()
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return line
    }

    /// Bytes up to and including `terminator`, at most `maxLine` of them.
    func read(through terminator: UInt8) throws(CheckError) -> [UInt8] {
        var taken: [UInt8] = []
        while true {
            let room = min(Self.maxLine - taken.count, Self.maxReceived - received)
            guard room > 0 else { throw oversized(taken) }
            let peeked = try receive(upTo: room, peek: true)
            let count = peeked.firstIndex(of: terminator).map { $0 + 1 } ?? peeked.count
            taken += try receive(upTo: count, peek: false)
            if taken.last == terminator { return taken }
        }
    }

    /// Exactly `count` bytes (binary framing: LDAP, MySQL, PostgreSQL).
    func read(count: Int) throws(CheckError) -> [UInt8] {
        var taken: [UInt8] = []
        while taken.count < count {
            guard count - taken.count <= Self.maxReceived - received else { throw oversized(taken) }
            taken += try receive(upTo: count - taken.count, peek: false)
        }
        return taken
    }

    /// One `recv`: at least one byte, at most `limit`, waiting within the deadline.
    private func receive(upTo limit: Int, peek: Bool) throws(CheckError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: limit)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(socket.fd, $0.baseAddress, limit, peek ? Int32(MSG_PEEK) : 0) }
            if n > 0 {
                if !peek {
                    received += n
                    lastReply += buffer[0..<n]
                }
                return Array(buffer[0..<n])
            }
            if n == 0 { throw closed(reset: false) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                guard try socket.wait(for: Int16(POLLIN), deadline: deadline) else { throw timedOut() }
            case ECONNRESET: throw closed(reset: true)
            default: throw CheckError.io("cannot read from \(address): \(String(cString: strerror(errno)))")
            }
        }
    }

    private var sofar: String {
        if !lastReply.isEmpty { return " after \(quotedReply)" }
        return previousReply.isEmpty ? "" : " after \(StartTLSQuote.quote(previousReply))"
    }

    private func timedOut() -> CheckError {
        CheckError.timeout("timed out in the \(protocolName) dialogue with \(address) before STARTTLS\(sofar)")
    }

    private func closed(reset: Bool) -> CheckError {
        CheckError.closed("\(address) \(reset ? "reset" : "closed") the connection in the \(protocolName) dialogue before STARTTLS\(sofar)")
    }

    private func oversized(_ taken: [UInt8]) -> CheckError {
        let what = received >= Self.maxReceived ? "more than \(Self.maxReceived) bytes before STARTTLS"
            : "a line longer than \(Self.maxLine) bytes"
        return CheckError.starttlsFailed("\(address) sent \(what) in the \(protocolName) dialogue: \(StartTLSQuote.quote(taken))")
    }

    // MARK: - Replies the dialogues share

    /// A reply of the numbered kind (SMTP, LMTP, FTP, NNTP): "250-…" lines up to "250 …".
    /// FTP's continuation lines need not carry the code (RFC 959 4.2); the reply ends at
    /// the line that starts with the first one's code and a space.
    func readNumericReply() throws(CheckError) -> NumericReply {
        beginReply()
        let first = try readLine()
        guard first.count >= 3, first[0..<3].allSatisfy({ (0x30...0x39).contains($0) }),
              let code = Int(String(decoding: first[0..<3], as: UTF8.self)) else {
            throw CheckError.starttlsFailed("the \(protocolName) dialogue with \(address) failed (not a numbered reply): \(quotedReply)")
        }
        var lines = [first]
        if first.count > 3 && first[3] == UInt8(ascii: "-") {
            let end = Array(first[0..<3]) + [UInt8(ascii: " ")]
            while true {
                let line = try readLine()
                lines.append(line)
                if line.starts(with: end) || line == Array(first[0..<3]) { break }
            }
        }
        // "250-SIZE" → "SIZE"; an FTP continuation line without the code stays whole.
        let prefix = Array(first[0..<3])
        return NumericReply(code: code, lines: lines.map { line in
            String(decoding: line.starts(with: prefix) ? line.dropFirst(min(4, line.count)) : line[...], as: UTF8.self)
        })
    }

    /// Lines up to a line holding only "." (POP3 CAPA, NNTP CAPABILITIES).
    func readDotTerminated() throws(CheckError) -> [String] {
        var lines: [String] = []
        while true {
            let line = try readLine()
            if line == [UInt8(ascii: ".")] { return lines }
            lines.append(String(decoding: line, as: UTF8.self))
        }
    }
}

/// A numbered reply: its code and the text of each line after "250-" / "250 ".
struct NumericReply {
    var code: Int
    var lines: [String]

    /// Some line's first word is `keyword` (case-insensitive): "250-STARTTLS", " AUTH TLS".
    func lists(_ keyword: String, then argument: String? = nil) -> Bool {
        lines.contains { line in
            let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.first.map(String.init) == keyword else { return false }
            return argument.map { words.dropFirst().contains(Substring($0)) } ?? true
        }
    }
}
