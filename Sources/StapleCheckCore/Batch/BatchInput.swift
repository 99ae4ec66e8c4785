/// Where one target of a batch came from: the `input` of its NDJSON line, so that a result
/// can be traced back to the line (or argument) that asked for it.
public struct BatchInput: Codable, Sendable, Equatable {
    /// The `--targets` file as given (`-` for standard input); `null` for a target given on
    /// the command line.
    @ExplicitNull public var source: String? = nil
    /// 1-based: the line of the file, or the target's position among the command-line targets.
    public var line: Int
    /// The line (without its line end) or the argument, as given.
    public var text: String

    public init(source: String?, line: Int, text: String) {
        self.source = source
        self.line = line
        self.text = text
    }

    /// `hosts.txt:3`, `-:3` (standard input), or `argument 2`.
    public var location: String {
        source.map { "\($0):\(line)" } ?? "argument \(line)"
    }
}
