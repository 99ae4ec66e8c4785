/// What a check saw of a deployment: one `AddressSurvey` per address checked, in the order
/// the addresses were resolved (or given), the first being the primary one.
public struct Survey: Sendable, Equatable {
    public var addresses: [AddressSurvey]
    /// Addresses the name had beyond `--max-addresses`, not checked.
    public var omittedAddresses: Int

    public init(addresses: [AddressSurvey], omittedAddresses: Int = 0) {
        self.addresses = addresses
        self.omittedAddresses = omittedAddresses
    }
}
