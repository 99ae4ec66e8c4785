import StapleCheckCore

/// The command line as the kernel handed it over: bytes. ArgumentParser sees Swift strings,
/// in which bytes that are not UTF-8 have become U+FFFD, so a file name given that way would
/// name another file (usually none). File operands are mapped back to their bytes here: a
/// parsed value that holds U+FFFD is matched against the raw arguments whose repaired text
/// it is (the argument itself, or what follows the first `=` of `--option=value`).
enum RawArguments {
    /// `CommandLine.unsafeArgv` without the program name, each argument's bytes.
    static let process: [[UInt8]] = (1..<Int(CommandLine.argc)).map { index in
        CommandLine.unsafeArgv[index].map { RawPath(cString: $0).bytes } ?? []
    }

    /// The bytes of the `occurrence`-th (0-based) argument that reads as `value`; the value's
    /// UTF-8 when nothing was repaired in it (then they are the same bytes) or nothing matches.
    static func path(for value: String, occurrence: Int = 0, in arguments: [[UInt8]] = process) -> RawPath {
        guard value.unicodeScalars.contains("\u{FFFD}") else { return RawPath(value) }
        var candidates: [[UInt8]] = []
        for argument in arguments {
            if String(decoding: argument, as: UTF8.self) == value {
                candidates.append(argument)
            } else if argument.starts(with: Array("--".utf8)), let equals = argument.firstIndex(of: UInt8(ascii: "=")),
                      String(decoding: argument[(equals + 1)...], as: UTF8.self) == value {
                candidates.append(Array(argument[(equals + 1)...]))
            }
        }
        guard !candidates.isEmpty else { return RawPath(value) }
        return RawPath(bytes: candidates[min(occurrence, candidates.count - 1)])
    }

    /// The same for a list of operands in command-line order (`inspect FILE…`): the n-th of
    /// several that read alike is the n-th such argument.
    static func paths(for values: [String], in arguments: [[UInt8]] = process) -> [RawPath] {
        var seen: [String: Int] = [:]
        return values.map { value in
            defer { seen[value, default: 0] += 1 }
            return path(for: value, occurrence: seen[value, default: 0], in: arguments)
        }
    }
}
