/// One target of a batch, ready to run: what to check with which options, or — for a line
/// that could not be read — the error report it stands for.
public struct BatchItem: Sendable {
    public enum Work: Sendable {
        case check(Target, CheckOptions)
        /// A malformed line: reported as an `error` result; the other targets are still checked.
        case failed(Report)
    }

    /// The target's 0-based position in the whole target list (before `--shard`).
    public var index: Int
    public var input: BatchInput
    public var work: Work

    public init(index: Int, input: BatchInput, work: Work) {
        self.index = index
        self.input = input
        self.work = work
    }
}

/// The result of one target: its report and where the target came from. A plain value that
/// every batch output format renders on its own.
public struct BatchResult: Sendable, Equatable {
    /// The target's 0-based position in the whole target list (before `--shard`).
    public var index: Int
    public var input: BatchInput
    public var report: Report

    public init(index: Int, input: BatchInput, report: Report) {
        self.index = index
        self.input = input
        self.report = report
    }
}

extension BatchResult: Encodable {
    private enum Keys: String, CodingKey { case input }

    /// The report's own object, exactly as `--format json` prints it for one target, with
    /// `input` beside its fields.
    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(input, forKey: .input)
    }
}
