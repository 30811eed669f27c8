// swift-tools-version:6.0
import Foundation
import PackageDescription

// A path dependency is named after its folder, which differs between clones.
let rootName = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// Benchmarks live in their own package so the library's package stays free of
// anything that only measuring needs.
let package = Package(
    name: "ArrowIPCBenchmarks",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "arrowipc-bench",
            dependencies: [
                .product(name: "ArrowIPC", package: rootName),
                .product(name: "ArrowTensor", package: rootName),
                .product(name: "ArrowCompression", package: rootName),
                .product(name: "FlameCache", package: rootName),
                .product(name: "FlamePickle", package: rootName),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
