import StapleCheckCore

extension TextRenderer {
    /// Replaces what a terminal would act on (`TerminalSafety`: C0/C1 control characters, DEL,
    /// bidirectional marks and overrides) with visible escapes (`\x1b`, `\u{202e}`);
    /// everything else, including non-ASCII text, is kept.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if !TerminalSafety.isUnsafe(scalar) {
                out.unicodeScalars.append(scalar)
            } else if v <= 0x9F {
                out += "\\x" + (v < 0x10 ? "0" : "") + String(v, radix: 16)
            } else {
                out += "\\u{" + String(v, radix: 16) + "}"
            }
        }
        return out
    }
}
