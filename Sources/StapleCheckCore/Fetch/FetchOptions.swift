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
    public var certificateFile: RawPath
    public var issuerFile: RawPath?
    /// The staple file to replace: a regular file, a name that does not exist yet, or a
    /// symbolic link to a staple file (see `AtomicFile`).
    public var outputFile: RawPath
    /// Skip the fetch while the current file stays valid at least this long.
    public var minValidity: TimeInterval?
    public var hash: OCSPHashAlgorithm
    public var nonce: Bool
    public var timeout: Double
    public var http: any HTTPClient

    /// File names as raw bytes (the command line's, unchanged).
    public init(analysis: AnalysisOptions, certificate: RawPath, issuer: RawPath? = nil, output: RawPath,
                minValidity: TimeInterval? = nil, hash: OCSPHashAlgorithm = .sha1, nonce: Bool = false, timeout: Double = 10,
                http: any HTTPClient = CurlHTTPClient()) {
        self.analysis = analysis
        certificateFile = certificate
        issuerFile = issuer
        outputFile = output
        self.minValidity = minValidity
        self.hash = hash
        self.nonce = nonce
        self.timeout = timeout
        self.http = http
    }

    /// File names as text (their UTF-8 bytes).
    public init(analysis: AnalysisOptions, certificatePath: String, issuerPath: String? = nil, outputPath: String,
                minValidity: TimeInterval? = nil, hash: OCSPHashAlgorithm = .sha1, nonce: Bool = false, timeout: Double = 10,
                http: any HTTPClient = CurlHTTPClient()) {
        self.init(analysis: analysis, certificate: RawPath(certificatePath), issuer: issuerPath.map { RawPath($0) },
                  output: RawPath(outputPath), minValidity: minValidity, hash: hash, nonce: nonce, timeout: timeout, http: http)
    }
}
