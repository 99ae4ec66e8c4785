/// A host and port to check, parsed from `HOST`, `HOST:PORT`, `IPv4:PORT`, `[IPv6]:PORT`
/// or a bare IPv6 literal.
public struct Target: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public static let defaultPort = 443

    public init(host: String, port: Int = Target.defaultPort) {
        self.host = host
        self.port = port
    }

    public init(parsing text: String, defaultPort: Int = Target.defaultPort) throws(CheckError) {
        func bad(_ why: String) -> CheckError { CheckError.input("invalid target \"\(text)\": \(why)") }
        var rest = Substring(text)
        if rest.hasPrefix("https://") { rest = rest.dropFirst(8) }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        guard !rest.isEmpty else { throw bad("empty host") }

        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw bad("missing ] after IPv6 address") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw bad("unexpected text after ]") }
                portText = after.dropFirst()
            }
            guard IPAddress.isIPv6(String(host)) else { throw bad("\(host) is not an IPv6 address") }
        } else if rest.filter({ $0 == ":" }).count > 1 {
            host = rest  // a bare IPv6 literal: no port possible without brackets
            guard IPAddress.isIPv6(String(host)) else { throw bad("use [IPv6]:PORT for an IPv6 address with a port") }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw bad("empty host") }
        var port = defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { throw bad("port must be 1-65535") }
            port = value
        }
        if !IPAddress.isIP(String(host)) {
            let allowed = host.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." || $0 == "_"
            }
            guard allowed, host.count <= 253 else { throw bad("not a valid host name") }
        }
        self.host = String(host)
        self.port = port
    }

    public var isIPLiteral: Bool { IPAddress.isIP(host) }

    public var description: String {
        IPAddress.isIPv6(host) ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
