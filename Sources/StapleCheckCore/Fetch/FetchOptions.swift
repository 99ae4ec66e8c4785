#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

public struct FetchOptions: Sendable {
    public var analysis: AnalysisOptions
    public var certificatePath: String
    public var issuerPath: String?
    public var outputPath: String
    /// Skip the fetch while the current file stays valid at least this long.
    public var minValidity: TimeInterval?
    public var hash: OCSPHashAlgorithm
    public var nonce: Bool
    public var timeout: Double
    public var http: any HTTPClient

    public init(analysis: AnalysisOptions, certificatePath: String, issuerPath: String? = nil, outputPath: String,
                minValidity: TimeInterval? = nil, hash: OCSPHashAlgorithm = .sha1, nonce: Bool = false, timeout: Double = 10,
                http: any HTTPClient = CurlHTTPClient()) {
        self.analysis = analysis
        self.certificatePath = certificatePath
        self.issuerPath = issuerPath
        self.outputPath = outputPath
        self.minValidity = minValidity
        self.hash = hash
        self.nonce = nonce
        self.timeout = timeout
        self.http = http
    }
}
