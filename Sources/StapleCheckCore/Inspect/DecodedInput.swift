internal import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// A decoded input file; the OpenSSL objects stay inside the owners.
enum DecodedInput {
    case certificates([X509Certificate])
    case csr(CertificateRequest)
    case ocspResponse(OCSPResponseHandle)

    var kind: InputKind {
        switch self {
        case .certificates(let list): list.count > 1 ? .certificateChain : .certificate
        case .csr: .csr
        case .ocspResponse: .ocspResponse
        }
    }
}
