import ArgumentParser
import StapleCheckCore

/// `--shard K/N`, K from 1 to N.
extension Shard: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }

    public var defaultValueDescription: String { description }
}
