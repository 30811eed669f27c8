import ArrowIPC
import ArrowTestSupport
import FlameCache
import Foundation
import XCTest

/// Inputs under `Fixtures/fuzz/` that the `flame` fuzz target (Tests/Fuzz) found.
final class FlameFuzzFindingTests: XCTestCase {
    /// A table blob whose decimal128 column has scale 150,994,946 (legal Arrow:
    /// pyarrow accepts any Int32 scale). Printed as plain text that is 150 MB per
    /// value; the fuzzer timed out in it. Now a thrown error naming the scale.
    func testHugeDecimalScaleIsRefusedWhenPrinted() throws {
        let url = PythonRunner.packageRoot.appendingPathComponent("Fixtures/fuzz/flame_decimal_huge_scale.blob")
        let bytes = try [UInt8](Data(contentsOf: url))
        let value = try FlameBlobDecoder().decode(bytes)
        XCTAssertThrowsError(try FlameJSON.document(value)) { error in
            XCTAssertTrue("\(error)".contains("decimal scale 150994946"), "\(error)")
        }
    }
}
