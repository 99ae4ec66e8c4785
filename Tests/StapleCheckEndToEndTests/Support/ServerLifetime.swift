import Foundation

/// How long a server a test starts may live at most (`timeout -s KILL`): a test that dies
/// leaves no server behind. 180 s by default, far over what a test takes in `make test`;
/// `make sanitize`, whose tests run several times slower, sets `TEST_SERVER_LIFETIME` higher.
enum ServerLifetime {
    static let seconds: String = {
        let given = ProcessInfo.processInfo.environment["TEST_SERVER_LIFETIME"] ?? ""
        return Int(given).map { String(max(1, $0)) } ?? "180"
    }()
}
