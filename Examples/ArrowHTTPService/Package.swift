// swift-tools-version:6.0
import Foundation
import PackageDescription

// An HTTP service that streams Arrow IPC in both directions with Hummingbird 2.
// A separate package, so the library keeps no dependency. `make test-examples`
// builds it and runs service_test.py against it.
let rootName = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "ArrowHTTPService",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "ArrowHTTPService",
            dependencies: [
                .product(name: "ArrowIPC", package: rootName),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
