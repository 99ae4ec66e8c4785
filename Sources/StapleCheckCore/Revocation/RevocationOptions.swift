#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What to ask the CA besides looking at the staple.
public struct RevocationOptions: Sendable {
    /// Query the certificate's OCSP responders (`--no-live` turns it off).
    public var live: Bool
    public var hash: OCSPHashAlgorithm
    public var nonce: Bool
    /// Rounds of requests per responder URL (`--responder-probes`).
    public var probes: Int
    /// Warn when the staple is older than the responder's current answer by more than this.
    public var staleAfter: TimeInterval
    /// Check the CRL even when the certificate has an OCSP URL (`--crl`).
    public var forceCRL: Bool
    public var http: any HTTPClient

    public init(live: Bool = true, hash: OCSPHashAlgorithm = .sha1, nonce: Bool = false, probes: Int = 1,
                staleAfter: TimeInterval = 24 * 3600, forceCRL: Bool = false, http: any HTTPClient = CurlHTTPClient()) {
        self.live = live
        self.hash = hash
        self.nonce = nonce
        self.probes = probes
        self.staleAfter = staleAfter
        self.forceCRL = forceCRL
        self.http = http
    }

    /// Nothing is asked of the network.
    public static let offline = RevocationOptions(live: false)

    /// Whether anything is asked of the network at all.
    var asksCA: Bool { live || forceCRL }

    /// The CRL is consulted when asked, or when the responder is asked and there is no OCSP URL.
    func wantsCRL(_ certificate: CertificateInfo) -> Bool {
        forceCRL || (live && certificate.ocspURLs.isEmpty)
    }
}
