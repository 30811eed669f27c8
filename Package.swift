// swift-tools-version:6.0
import PackageDescription

// Dependency direction (each target only sees those to its left):
//   ArrowMemory -> ArrowFlatBuffers -> ArrowIPC -> ArrowIntegration -> arrow-ipc (CLI)
//   ArrowCompression (LZ4 frame, Zstandard; depends on nothing) -> ArrowIPC
//   ArrowIPC -> ArrowTensor (Tensor messages) -> FlameCache -> arrow-ipc (CLI)
//   FlamePickle (Python pickle codec; depends on nothing) -> FlameCache
// FlameCache: Flame cache blobs, object files and server answers.
// The library products depend on no package and contain no C code.
let package = Package(
    name: "ArrowIPC",
    products: [
        .library(name: "ArrowMemory", targets: ["ArrowMemory"]),
        .library(name: "ArrowFlatBuffers", targets: ["ArrowFlatBuffers"]),
        .library(name: "ArrowCompression", targets: ["ArrowCompression"]),
        .library(name: "ArrowIPC", targets: ["ArrowIPC"]),
        .library(name: "ArrowIntegration", targets: ["ArrowIntegration"]),
        .library(name: "ArrowTensor", targets: ["ArrowTensor"]),
        .library(name: "FlamePickle", targets: ["FlamePickle"]),
        .library(name: "FlameCache", targets: ["FlameCache"]),
        .executable(name: "arrow-ipc", targets: ["arrow-ipc"]),
    ],
    targets: [
        .target(name: "ArrowMemory"),
        .target(name: "ArrowFlatBuffers", dependencies: ["ArrowMemory"]),
        .target(name: "ArrowCompression", dependencies: ["ArrowMemory"]),
        .target(name: "ArrowIPC", dependencies: ["ArrowMemory", "ArrowFlatBuffers", "ArrowCompression"]),
        .target(name: "ArrowIntegration", dependencies: ["ArrowIPC"]),
        .target(name: "ArrowTensor", dependencies: ["ArrowMemory", "ArrowFlatBuffers", "ArrowIPC"]),
        .target(name: "FlamePickle"),
        .target(name: "FlameCache", dependencies: ["ArrowIPC", "ArrowTensor", "FlamePickle"]),
        .executableTarget(name: "arrow-ipc", dependencies: ["ArrowIPC", "ArrowIntegration", "ArrowTensor", "FlameCache"]),
        // Shared by the test targets: finding Python, running processes.
        .target(name: "ArrowTestSupport", path: "Tests/ArrowTestSupport"),
        .testTarget(name: "ArrowFlatBuffersTests", dependencies: ["ArrowFlatBuffers", "ArrowTestSupport"],
                    exclude: ["flatbuffers_replay.py"]),
        .testTarget(name: "ArrowIPCTests", dependencies: ["ArrowIPC", "ArrowTestSupport"]),
        .testTarget(name: "ArrowCompressionTests", dependencies: ["ArrowCompression", "ArrowTestSupport"],
                    exclude: ["lz4_peer.py", "zstd_peer.py", "zstd_encoder_peer.py"]),
        .testTarget(name: "ArrowIntegrationTests", dependencies: ["ArrowIntegration", "ArrowTestSupport"],
                    exclude: ["interop.py"]),
        .testTarget(name: "ArrowTensorTests", dependencies: ["ArrowTensor", "ArrowFlatBuffers", "ArrowTestSupport"],
                    exclude: ["tensor_peer.py"]),
        .testTarget(name: "FlameCacheTests", dependencies: ["FlameCache", "ArrowTestSupport"],
                    exclude: ["flame_peer.py"]),
        .testTarget(name: "FlamePickleTests", dependencies: ["FlamePickle", "ArrowTestSupport"],
                    exclude: ["pickle_peer.py"]),
    ],
    swiftLanguageModes: [.v6]
)
