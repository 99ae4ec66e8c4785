/// A server's cleartext reply as messages show it: between double quotes, CR, LF and tab
/// as `\r` `\n` `\t`, every other byte outside printable ASCII (controls, DEL, anything
/// non-ASCII) as `\xNN`, and at most `limit` bytes of it — so that whatever a server sends
/// reaches a terminal, a log or a JSON string harmless and short.
enum StartTLSQuote {
    static let limit = 240

    static func quote(_ bytes: [UInt8]) -> String {
        var text = "\""
        for byte in bytes.prefix(limit) {
            switch byte {
            case UInt8(ascii: "\r"): text += "\\r"
            case UInt8(ascii: "\n"): text += "\\n"
            case UInt8(ascii: "\t"): text += "\\t"
            case UInt8(ascii: "\\"): text += "\\\\"
            case UInt8(ascii: "\""): text += "\\\""
            case 0x20...0x7E: text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        text += "\""
        if bytes.count > limit { text += " (\(bytes.count - limit) more bytes)" }
        return text
    }
}
