/// The HTTP method of a request to an OCSP responder (`live.attempts[].method`).
public enum HTTPMethod: String, Codable, Sendable {
    case get = "GET", post = "POST"
}
