import ArgumentParser

/// A subcommand that takes `--timeout`, and what the timeout bounds there (its help text).
protocol TimeoutScope {
    static var timeoutHelp: String { get }
}

/// `--timeout`: the seconds a subcommand's network work may take in all, with the help text
/// of the subcommand that declares it (`TimeoutOption<CheckCommand>`).
struct TimeoutOption<Scope: TimeoutScope>: ParsableArguments {
    @Option(name: .customLong("timeout"), help: ArgumentHelp(Scope.timeoutHelp, valueName: "seconds"))
    var seconds: Double = 10

    func validate() throws {
        guard seconds > 0, seconds <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
    }
}
