import ArrowCompression
import XCTest

/// Short matches whose offset is 8 to 15 overlap the bytes they produce; the
/// decoder's fast path copies them eight bytes at a time. Every offset in that
/// range, far from the block's ends, must decode exactly.
final class LZ4ShortOffsetTests: XCTestCase {
    func testOverlappingShortMatchesDecodeExactly() throws {
        var state: UInt32 = 7
        func noise() -> UInt8 {
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: state >> 16)
        }
        for offset in 8...15 {
            var data: [UInt8] = (0..<64).map { _ in noise() }
            while data.count < 200_000 {
                for _ in 0..<3 { data.append(noise()) }
                // A 12-byte match `offset` back, byte by byte as LZ4 defines it.
                for _ in 0..<12 { data.append(data[data.count - offset]) }
            }
            let frame = data.withUnsafeBytes { LZ4Frame.compress($0, options: .arrow) }
            XCTAssertLessThan(frame.count, data.count * 3 / 4, "offset \(offset): the matches were found")
            let decoded = try frame.withUnsafeBytes { try LZ4Frame.decompress($0, expectedSize: data.count) }
            XCTAssertTrue(decoded == data, "offset \(offset)")
        }
    }
}
