/// A TLS client whose reaction to stapling the client table (`ClientBehaviour.table`,
/// docs/CLIENTS.md) records. The raw values are the JSON contract (`clientImpact[].client`).
public enum Client: String, CaseIterable, Codable, Sendable {
    case firefox
    case chrome
    case safari
    /// curl with `--cert-status` (OpenSSL backend).
    case curl
    case opensslSClient = "openssl-s_client"
    /// gnutls-cli, and so every client of the GnuTLS library's default verification.
    case gnutls = "gnutls-cli"
    /// gnutls-cli with `--ocsp`: asks the responder itself when no staple was accepted.
    case gnutlsOCSP = "gnutls-cli-ocsp"
    case go
    case java
    case schannel
}
