import ArrowCompression
import XCTest

final class CompressionErrorTests: XCTestCase {
    func testDescriptionSaysFormatAndOffset() {
        let e = CompressionError(format: "zstd", "bad magic", offset: 0)
        XCTAssertEqual(e.description, "zstd: bad magic (compressed byte 0)")
    }
}
