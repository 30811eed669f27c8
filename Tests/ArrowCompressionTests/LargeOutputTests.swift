import ArrowCompression
import XCTest

/// Outputs of 8 MiB and more are advised for huge pages before decoding starts
/// (a hint only). The bytes must come out the same whatever the kernel did,
/// including at the block's unaligned edges.
final class LargeOutputTests: XCTestCase {
    private func sample(_ count: Int) -> [UInt8] {
        var state: UInt32 = 0x1234_5678
        return (0..<count).map { i in
            // Runs and noise, so both matches and literals occur.
            if i % 4096 < 1024 { return UInt8(truncatingIfNeeded: i / 4096) }
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24) & 0x3F
        }
    }

    func testZstdDecodesLargeOutputsExactly() throws {
        for count in [(8 << 20) + 4_097] {
            let input = sample(count)
            let frame = input.withUnsafeBytes { Zstd.compress($0, level: 1) }
            let known = try frame.withUnsafeBytes { try Zstd.decompress($0, expectedSize: count) }
            XCTAssertEqual(known.count, count)
            XCTAssertTrue(known == input, "expected size given, \(count) bytes")
            let declared = try frame.withUnsafeBytes { try Zstd.decompress($0) }
            XCTAssertTrue(declared == input, "frame content size, \(count) bytes")
        }
    }

    func testLZ4DecodesLargeOutputsExactly() throws {
        for count in [(8 << 20) + 4_097] {
            let input = sample(count)
            let frame = input.withUnsafeBytes { LZ4Frame.compress($0, options: .arrow) }
            let known = try frame.withUnsafeBytes { try LZ4Frame.decompress($0, expectedSize: count) }
            XCTAssertTrue(known == input, "expected size given, \(count) bytes")
            let scanned = try frame.withUnsafeBytes { try LZ4Frame.decompress($0) }
            XCTAssertTrue(scanned == input, "size from the frame, \(count) bytes")
        }
    }
}
