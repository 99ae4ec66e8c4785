import ArgumentParser
import StapleCheckCore

/// A `--starttls` value: one of the protocols, or `none` for direct TLS on any port.
struct StartTLSArgument: ExpressibleByArgument, Equatable {
    var choice: StartTLSChoice

    init?(argument: String) {
        if argument == "none" {
            choice = .off
        } else if let proto = StartTLSProtocol(rawValue: argument) {
            choice = .using(proto)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { StartTLSProtocol.allCases.map(\.rawValue) + ["none"] }

    /// Shells complete the protocol names (a type that is not CaseIterable gets none).
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}
