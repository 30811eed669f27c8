import ArrowMemory
import XCTest

@testable import ArrowIPC

/// Buffers go to worker threads largest first, and each result still lands in
/// its own buffer's slot.
final class LargestFirstTests: XCTestCase {
    func testOrderIsLargestFirstAndStableForTies() {
        XCTAssertEqual(LargestFirst.order([0, 512, 8, 640, 512]), [3, 1, 4, 2, 0])
        XCTAssertEqual(LargestFirst.order([]), [])
        XCTAssertEqual(LargestFirst.order([5, 5, 5]), [0, 1, 2])
    }

    func testParallelDecompressionKeepsBufferOrder() throws {
        // Sizes in no order, over the parallel threshold in total.
        let sizes = [300_000, 10, 900_000, 0, 450_000, 70_000]
        let buffers = sizes.enumerated().map { i, n in
            ArrowBuffer(count: n) { out in
                for k in 0..<n { out[k] = UInt8(truncatingIfNeeded: k &* (i + 3) >> 4) }
            }
        }
        for compression in [IPCCompression.zstd(level: 1), .lz4Frame] {
            let body = SerializedBody(
                header: RecordBatchHeader(length: 0, nodes: [], buffers: [], compression: nil, variadicBufferCounts: []),
                buffers: buffers, bodyLength: 0)
            let compressed = BodyCompressor.compress(body, compression, useThreads: true)
            let decoded = try BodyDecompression.decompressAll(compressed.buffers, codec: compression.codec, useThreads: true)
            XCTAssertEqual(decoded.map(\.bytes), buffers.map(\.bytes), "\(compression)")
        }
    }
}
