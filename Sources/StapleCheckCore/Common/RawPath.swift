/// A file name as the operating system has it: bytes, not text. Linux file names need not
/// be UTF-8; a name given on the command line is passed to open(2) exactly as it came, and
/// only `description` (for reports and messages) turns it into text.
public struct RawPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The name's bytes, without a terminating NUL.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The UTF-8 bytes of `path`.
    public init(_ path: String) { bytes = Array(path.utf8) }

    public init(stringLiteral value: String) { self.init(value) }

    /// The bytes of a NUL-terminated C string (argv, getenv, realpath), as they are.
    public init(cString: UnsafePointer<CChar>) {
        var bytes: [UInt8] = []
        var cursor = UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self)
        while cursor.pointee != 0 {
            bytes.append(cursor.pointee)
            cursor += 1
        }
        self.bytes = bytes
    }

    /// The name as text: UTF-8 as it is, each byte that is not part of valid UTF-8 written
    /// `\xNN` (so two different names never read alike and nothing is replaced by U+FFFD).
    public var description: String {
        var out = ""
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var consumed = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                out.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                consumed += encoded.count
            case .error(let length):
                for byte in bytes[consumed..<(consumed + length)] {
                    out += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
                }
                consumed += length
            case .emptyInput:
                return out
            }
        }
    }

    /// Runs `body` with the name as a NUL-terminated C string; nil when the name holds a
    /// NUL byte itself (no file can have such a name).
    func withCString<T>(_ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T? {
        guard !bytes.contains(0) else { return nil }
        return try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// The directory part ("." for a bare name, "/" for a name in the root) and the last
    /// component.
    var split: (directory: RawPath, name: [UInt8]) {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return (".", bytes) }
        let directory = Array(bytes[..<slash])
        return (directory.isEmpty ? "/" : RawPath(bytes: directory), Array(bytes[(slash + 1)...]))
    }

    /// `self/name`.
    func appending(_ name: [UInt8]) -> RawPath { RawPath(bytes: bytes + [UInt8(ascii: "/")] + name) }
}
