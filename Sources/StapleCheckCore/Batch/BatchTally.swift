/// What a batch has found so far: counts per verdict and the few worst targets. Bounded:
/// it keeps `worstLimit` results at most, however many targets run.
public struct BatchTally: Sendable {
    public private(set) var counts: [Verdict: Int] = [:]
    /// The worst results, worst first (critical, then could-not-check, then warning; by list
    /// position within one verdict), so the summary is the same whatever order checks end in.
    public private(set) var worst: [BatchResult] = []
    public let worstLimit: Int

    public init(worstLimit: Int = 5) {
        self.worstLimit = worstLimit
    }

    public var done: Int { counts.values.reduce(0, +) }

    public func count(_ verdict: Verdict) -> Int { counts[verdict] ?? 0 }

    public mutating func add(_ result: BatchResult) {
        let verdict = result.report.verdict
        counts[verdict, default: 0] += 1
        guard Self.badness(verdict) > 0 else { return }
        let position = worst.firstIndex { Self.precedes(result, $0) } ?? worst.endIndex
        guard position < worstLimit else { return }
        worst.insert(result, at: position)
        if worst.count > worstLimit { worst.removeLast() }
    }

    /// The batch's exit code: 2 if any target is critical, else 3 if any could not be
    /// checked, else 1 if any has a warning, else 0.
    public var exitCode: Int32 {
        if count(.critical) > 0 { return Verdict.critical.exitCode }
        if count(.error) > 0 { return Verdict.error.exitCode }
        if count(.warning) > 0 { return Verdict.warning.exitCode }
        return Verdict.ok.exitCode
    }

    /// The order of the exit-code rule: critical > could not check > warning > ok.
    static func badness(_ verdict: Verdict) -> Int {
        switch verdict {
        case .critical: 3
        case .error: 2
        case .warning: 1
        case .ok: 0
        }
    }

    static func precedes(_ a: BatchResult, _ b: BatchResult) -> Bool {
        let (x, y) = (badness(a.report.verdict), badness(b.report.verdict))
        return x != y ? x > y : a.index < b.index
    }
}
