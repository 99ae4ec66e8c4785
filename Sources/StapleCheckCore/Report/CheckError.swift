/// Why no report could be made: the user's input, the network or the peer stopped the check
/// before anything could be judged. A bad staple is never one of these: it is a finding.
public struct CheckError: Error, Codable, Sendable, Equatable {
    public var code: Code
    /// One line for people, naming what failed (host, address, file).
    public var message: String
    /// The address the failure happened at, when a connection was attempted; no key otherwise.
    public var address: String?
    /// This machine has no route to the address (no IPv6 on a v4-only host, say): the
    /// address was not checked, which is no fault of the server. Not part of the JSON.
    public var noLocalRoute = false
    /// The failure happened in the STARTTLS dialogue, before any TLS: asking for OCSP
    /// status cannot have caused it. Not part of the JSON.
    public var beforeTLS = false

    enum CodingKeys: String, CodingKey { case code, message, address }

    init(_ code: Code, _ message: String, address: String? = nil) {
        self.code = code
        self.message = message
        self.address = address
    }

    /// Equal when the codes are: tests and callers match on the code, not the wording.
    public static func == (a: CheckError, b: CheckError) -> Bool { a.code == b.code }
}

extension CheckError {
    /// The stable code of an error: the `error.code` string of the JSON contract. A struct
    /// over a private enum, so that codes can be added without breaking callers that switch.
    public struct Code: Hashable, Sendable, Codable, CustomStringConvertible {
        fileprivate enum Backing: String, CaseIterable {
            case dns, refused, unreachable, timeout
            case notTLS = "not-tls"
            case protocolVersion = "protocol-version"
            case alert, closed, handshake
            case starttlsUnsupported = "starttls-unsupported"
            case starttlsFailed = "starttls-failed"
            case input, io, fetch
            case `internal`
        }

        fileprivate var backing: Backing

        fileprivate init(backing: Backing) { self.backing = backing }

        /// The name could not be resolved, or has no address.
        public static let dns = Code(backing: .dns)
        /// Every address refused the connection.
        public static let refused = Code(backing: .refused)
        /// No route to the address, or another connection failure.
        public static let unreachable = Code(backing: .unreachable)
        /// Resolution, connection or handshake did not finish within --timeout.
        public static let timeout = Code(backing: .timeout)
        /// The port answered with something that is not TLS (plain HTTP, SSH, …).
        public static let notTLS = Code(backing: .notTLS)
        /// The server speaks neither TLS 1.2 nor TLS 1.3.
        public static let protocolVersion = Code(backing: .protocolVersion)
        /// The server aborted the handshake with an alert.
        public static let alert = Code(backing: .alert)
        /// The server closed or reset the connection during the handshake or the STARTTLS dialogue.
        public static let closed = Code(backing: .closed)
        /// The handshake failed otherwise, or the server sent no readable certificate.
        public static let handshake = Code(backing: .handshake)
        /// The server does not offer STARTTLS: the capability is missing (EHLO, CAPABILITY,
        /// CAPA, FEAT, stream features), PostgreSQL answered 'N', MySQL lacks CLIENT_SSL.
        public static let starttlsUnsupported = Code(backing: .starttlsUnsupported)
        /// The server does not speak the `--starttls` protocol: an unexpected greeting or
        /// reply, or more than the dialogue's bounds (16 KiB, 4 KiB a line).
        public static let starttlsFailed = Code(backing: .starttlsFailed)
        /// An argument or a file the user gave cannot be used (bad target, unreadable file).
        public static let input = Code(backing: .input)
        /// A local system call failed (socket, poll, writing a file).
        public static let io = Code(backing: .io)
        /// `fetch` got no answer from the responder at all.
        public static let fetch = Code(backing: .fetch)
        /// OpenSSL could not allocate or build an object.
        public static let `internal` = Code(backing: .internal)

        /// Every code, in the order the README lists them.
        public static var allCases: [Code] { Backing.allCases.map { Code(backing: $0) } }

        /// What the JSON says: "dns", "not-tls", …
        public var rawValue: String { backing.rawValue }
        public var description: String { rawValue }

        /// What the code means, for the README's table.
        public var meaning: String {
            switch backing {
            case .dns: "the name could not be resolved, or has no address"
            case .refused: "every address refused the connection"
            case .unreachable: "no route to the address, or another connection failure"
            case .timeout: "resolution, connection, STARTTLS dialogue or handshake did not finish within --timeout"
            case .notTLS: "the port answered with something that is not TLS"
            case .protocolVersion: "the server speaks neither TLS 1.2 nor TLS 1.3"
            case .alert: "the server aborted the handshake with an alert"
            case .closed: "the server closed or reset the connection during the handshake or the STARTTLS dialogue"
            case .handshake: "the handshake failed otherwise, or no readable certificate was sent"
            case .starttlsUnsupported: "the server does not offer STARTTLS (capability missing, PostgreSQL 'N', MySQL without CLIENT_SSL); the message quotes its reply"
            case .starttlsFailed: "the server does not speak the --starttls protocol (unexpected greeting or reply, over 16 KiB or a 4 KiB line); the message quotes it"
            case .input: "an argument or file given cannot be used (bad target, unreadable or special file)"
            case .io: "a local system call failed (socket, poll, writing a file)"
            case .fetch: "`fetch` got no answer from the responder"
            case .internal: "OpenSSL could not allocate or build an object"
            }
        }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let backing = Backing(rawValue: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown error code \(text)"))
            }
            self.backing = backing
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    // MARK: - Factories, one per code

    public static func dns(_ message: String) -> Self { Self(.dns, message) }
    public static func refused(_ message: String) -> Self { Self(.refused, message) }
    public static func unreachable(_ message: String) -> Self { Self(.unreachable, message) }
    /// `unreachable` because this machine cannot route there at all.
    public static func noLocalRoute(_ message: String) -> Self {
        var error = Self(.unreachable, message)
        error.noLocalRoute = true
        return error
    }
    public static func timeout(_ message: String) -> Self { Self(.timeout, message) }
    public static func notTLS(_ message: String) -> Self { Self(.notTLS, message) }
    public static func protocolVersion(_ message: String) -> Self { Self(.protocolVersion, message) }
    public static func alert(_ message: String) -> Self { Self(.alert, message) }
    public static func closed(_ message: String) -> Self { Self(.closed, message) }
    public static func handshake(_ message: String, address: String? = nil) -> Self { Self(.handshake, message, address: address) }
    public static func starttlsUnsupported(_ message: String) -> Self { Self(.starttlsUnsupported, message) }
    public static func starttlsFailed(_ message: String) -> Self { Self(.starttlsFailed, message) }
    public static func input(_ message: String) -> Self { Self(.input, message) }
    public static func io(_ message: String) -> Self { Self(.io, message) }
    public static func fetch(_ message: String) -> Self { Self(.fetch, message) }
    public static func `internal`(_ message: String) -> Self { Self(.internal, message) }

    /// The server's certificate message held nothing OpenSSL could read.
    static func unreadableCertificate(address: String) -> Self {
        .handshake("the server sent no readable certificate", address: address)
    }
}
