extension AttemptResult {
    /// How a request that produced no HTTP response is reported.
    init(_ kind: HTTPFailure.Kind) {
        switch kind {
        case .unreachable: self = .unreachable
        case .timeout: self = .timeout
        case .tooLarge: self = .tooLarge
        case .redirects: self = .redirects
        case .refusedScheme: self = .refusedScheme
        }
    }
}
