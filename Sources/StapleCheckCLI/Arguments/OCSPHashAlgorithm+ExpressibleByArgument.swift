import ArgumentParser
import StapleCheckCore

/// `--hash sha1|sha256`.
extension OCSPHashAlgorithm: ExpressibleByArgument {}
