/// Remedies that several findings share, written once.
enum Fix {
    /// The staple is for another certificate, or broken: get a fresh one for the one served.
    static let refetchStaple = "Refetch the staple for the certificate the server now serves: nginx `ssl_stapling_file` and HAProxy `<cert>.ocsp` must be regenerated (e.g. `staplecheck fetch`) and the server reloaded after every renewal; with live stapling (nginx `ssl_stapling on`, Apache `SSLUseStapling on`) a reload clears the stale cache."

    /// The certificate itself is revoked: no server setting helps.
    static let replaceCertificate = "Replace the certificate with a newly issued one (a new key if the reason is keyCompromise) and reload the server."
}
