// swift-tools-version:6.0
import PackageDescription

// Linux only: the core talks to Glibc (sockets, poll, /proc) and to Debian's OpenSSL 3 and
// libcurl; Sources/StapleCheckCore/Common/Platform.swift stops any other build with an error.
let package = Package(
    name: "staplecheck",
    products: [
        .executable(name: "staplecheck", targets: ["staplecheck"]),
        .library(name: "StapleCheckCore", targets: ["StapleCheckCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // DER and BER structure walks of bytes OpenSSL rejects: where and why they are broken.
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // OpenSSL 3 from the system (Debian: libssl-dev), plus static inline shims for
        // the function-like macros Swift's importer cannot see.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // libcurl's headers (Debian: libcurl4-openssl-dev) for the OCSP and CRL HTTP queries.
        // Not linked: the library is loaded with dlopen on first use (see its shim.h).
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Probe, analysis, report model and findings. No terminal, no ArgumentParser.
        .target(
            name: "StapleCheckCore",
            dependencies: ["COpenSSL", "CCurl", .product(name: "SwiftASN1", package: "swift-asn1")]
        ),
        // The command line: subcommands, their options and argument types, the text renderer.
        .target(
            name: "StapleCheckCLI",
            dependencies: [
                "StapleCheckCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The executable: a few lines over StapleCheckCLI.
        .executableTarget(
            name: "staplecheck",
            dependencies: ["StapleCheckCLI"]
        ),
        // The fast tier: pure tests on committed DER fixtures and in-memory data at pinned
        // instants — no processes, no sockets, no lab scripts (`make test-fast`).
        .testTarget(
            name: "StapleCheckUnitTests",
            dependencies: [
                "StapleCheckCore", "StapleCheckCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Read from the source tree by path (Fixtures.folder), not bundled as resources.
            exclude: ["Fixtures"]
        ),
        // The real binary against real servers on loopback, labs built by scripts/, and the
        // README's examples. `make test` runs both tiers.
        .testTarget(
            name: "StapleCheckEndToEndTests",
            dependencies: ["StapleCheckCore", "staplecheck"]
        ),
    ]
)

// The libFuzzer target (docs/ROBUSTNESS.md) exists only for `make fuzz`: scripts/fuzz.sh sets
// STAPLECHECK_FUZZ=1 and builds it with `--sanitize=fuzzer` into its own scratch path
// (.build-fuzz). libFuzzer brings main(), so the target has none; declared always, it would be
// built — as a program that does nothing — by every plain `swift build` and `swift test`.
if Context.environment["STAPLECHECK_FUZZ"] == "1" {
    package.targets.append(.executableTarget(name: "StapleCheckFuzz", dependencies: ["StapleCheckCore", "StapleCheckCLI"], path: "Fuzz"))
}
