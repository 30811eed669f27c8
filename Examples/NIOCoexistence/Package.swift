// swift-tools-version:6.0
import Foundation
import PackageDescription

// A service that imports SwiftNIO's NIOCore and ArrowIPC together must compile
// without ambiguity (`ByteBuffer`, `Endianness` are NIOCore's names; ours are
// `ArrowBuffer`, `ArrowEndianness`). A separate package, so the library keeps
// no dependency. `make test-examples` builds and runs it.
let rootName = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "NIOCoexistence",
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "NIOCoexistence",
            dependencies: [
                .product(name: "ArrowIPC", package: rootName),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
