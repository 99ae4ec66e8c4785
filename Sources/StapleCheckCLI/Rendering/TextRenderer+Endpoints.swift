import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The endpoints of a server check: one table row per (address, certificate), then the
/// details of each endpoint that differs from those already shown.
extension TextRenderer {
    func endpointTable(_ endpoints: [EndpointReport], into page: inout Page) {
        guard !endpoints.isEmpty else { return }
        let rows = endpoints.map { endpoint -> [String] in
            let stapled = endpoint.error == nil ? "\(endpoint.handshakes.stapled)/\(endpoint.handshakes.count)" : "-"
            let verdict: String
            if let error = endpoint.error {
                verdict = error.reason == .notRoutable ? "not checked: " + Self.escape(error.message) : "ERROR: " + Self.escape(error.message)
            } else {
                verdict = endpoint.verdict.rawValue.uppercased()
            }
            return [Self.escape(endpoint.address), endpoint.keyType?.rawValue ?? "-",
                    endpoint.tlsVersions.isEmpty ? "-" : endpoint.tlsVersions.map { Self.escape($0.rawValue) }.joined(separator: " "), stapled, verdict]
        }
        let header = ["address", "key", "TLS", "stapled", "verdict"]
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "  " + cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
            }.joined()
        }
        page.line(paint("Endpoints", .bold))
        page.line(line(header))
        for row in rows { page.line(line(row)) }
        page.line()
    }

    /// Certificate and staple of every endpoint beyond the primary one (whose details the
    /// page shows at the top), skipping any identical to one already shown.
    func otherEndpoints(_ report: Report, into page: inout Page) {
        var shown: [(CertificateInfo?, StapleInfo?)] = [(report.certificate, report.staple)]
        for endpoint in report.endpoints where endpoint.error == nil {
            guard !shown.contains(where: { $0.0 == endpoint.certificate && $0.1 == endpoint.staple }) else { continue }
            shown.append((endpoint.certificate, endpoint.staple))
            let name = "\(endpoint.keyType?.rawValue ?? "other") at \(Self.escape(endpoint.address))"
            if let certificate = endpoint.certificate {
                certificateSection(certificate, chain: nil, title: "Certificate (\(name))", into: &page)
            }
            if let staple = endpoint.staple {
                stapleSection(staple, title: "Staple (\(name))", checkedAt: report.checkedAt, into: &page)
            } else {
                page.line(paint("Staple (\(name))", .bold))
                page.line("  none sent")
                page.line()
            }
        }
    }
}
