/// How much a check asks of each address: how many rounds of fresh handshakes, how many
/// addresses at most, and how long to let a server fetch a staple in the background.
public struct ProbePlan: Sendable, Equatable {
    /// Fresh handshakes per certificate and TLS version (`--probes`).
    public var probes: Int
    /// Addresses checked at most (`--max-addresses`).
    public var maxAddresses: Int
    /// Addresses to check instead of resolving the host (`--address`); empty: resolve.
    public var addresses: [String]
    /// The first wait after an unstapled handshake; each further one doubles.
    public var backoffMilliseconds: Int
    /// The most one address may spend waiting for a server to fetch its staple: nginx
    /// fetches in the background after the first status request, so the handshake after a
    /// short wait shows whether it was only a cold cache. Beyond this the server is taken
    /// not to be fetching at all.
    public var backoffBudgetMilliseconds: Int
    /// The STARTTLS protocol spoken before every handshake; nil for direct TLS.
    public var starttls: StartTLSProtocol?

    public static let defaultProbes = 3
    public static let defaultMaxAddresses = 8

    public init(probes: Int = ProbePlan.defaultProbes, maxAddresses: Int = ProbePlan.defaultMaxAddresses, addresses: [String] = [],
                backoffMilliseconds: Int = 250, backoffBudgetMilliseconds: Int = 1750, starttls: StartTLSProtocol? = nil) {
        self.probes = max(1, probes)
        self.maxAddresses = max(1, maxAddresses)
        self.addresses = addresses
        self.backoffMilliseconds = backoffMilliseconds
        self.backoffBudgetMilliseconds = backoffBudgetMilliseconds
        self.starttls = starttls
    }

    /// One handshake per certificate and version, no waiting: the old single-handshake check.
    public static let single = ProbePlan(probes: 1)
}
