import ArrowIPC
import ArrowTestSupport
import FlameCache
import Foundation
import XCTest

/// Hostile and damaged input ends in a thrown `FlameError`, never a trap.
final class FlameMalformedTests: XCTestCase {
    func testUnknownTypeByteIsAnErrorNamingIt() {
        XCTAssertThrowsError(try FlameBlobDecoder().decode(Array("FLM".utf8) + [0x07, 0x80, 0x05])) { error in
            XCTAssertTrue("\(error)".contains("0x7"), "\(error)")
            XCTAssertEqual((error as? FlameError)?.kind, .invalidFormat)
        }
    }

    /// A pickle can share one value many times (`DUP`, memo hits): 24 levels of
    /// `(x, x)` over a 600-digit integer decode within the value budget but would
    /// print gigabytes; the document stops at its byte bound instead.
    func testSharedValuesCannotPrintWithoutBound() throws {
        var bytes: [UInt8] = [0x80, 0x02, 0x8A, 0xFF] + [UInt8](repeating: 0x7B, count: 255) + [0x85]
        for _ in 0..<24 { bytes += [0x32, 0x86] }  // DUP, TUPLE2
        bytes.append(0x2E)
        let value = try FlameBlobDecoder().decode(bytes)
        XCTAssertThrowsError(try FlameJSON.document(value, maximumBytes: 1 << 20)) { error in
            XCTAssertTrue("\(error)".contains("would exceed"), "\(error)")
        }
        XCTAssertEqual(FlameJSON.maximumDocumentBytes(forInputOf: 1000), 16_000 + (16 << 20))
    }

    /// The bound saturates at `Int.max` instead of overflowing (which trapped
    /// for sizes above `Int.max / 16`), and a negative size counts as 0.
    func testDocumentBoundSaturatesInsteadOfOverflowing() {
        let largestExact = (Int.max - (16 << 20)) / 16
        XCTAssertEqual(FlameJSON.maximumDocumentBytes(forInputOf: largestExact), largestExact * 16 + (16 << 20))
        for size in [largestExact + 1, Int.max / 16, Int.max / 16 + 1, Int.max / 2, Int.max / 2 + 1, Int.max] {
            XCTAssertEqual(FlameJSON.maximumDocumentBytes(forInputOf: size), Int.max, "\(size)")
        }
        for size in [-1, -(Int.max / 16) - 1, Int.min] {
            XCTAssertEqual(FlameJSON.maximumDocumentBytes(forInputOf: size), 16 << 20, "\(size)")
        }
    }

    /// A size error raised inside a nested Arrow value (a string two lists
    /// deep) keeps its kind and message, and says once which value it is in:
    /// it used to come out as kind `.arrow` with the message wrapped twice.
    func testNestedValueErrorKeepsKindAndMessage() throws {
        let words: [String?] = (0..<10).map { String(repeating: String(UnicodeScalar(UInt8(0x61 + $0))), count: 100) }
        let inner = try ArrayData.list([words])
        let nested = try ArrayData.list(lengths: [1], values: inner)
        let batch = try RecordBatch([("short", ArrayData([1] as [Int64?])), ("nested", nested)])
        for (value, location) in [(FlameValue.recordBatch(batch), "nested[0]"), (.array(nested), "values[0]")] {
            XCTAssertThrowsError(try FlameJSON.document(value, maximumBytes: 400)) { error in
                guard let error = error as? FlameError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.kind, .unsupported, "\(error)")
                XCTAssertTrue(error.message.hasPrefix("the JSON document would exceed 400 bytes"), error.message)
                XCTAssertEqual(error.location, location)
                XCTAssertEqual("\(error)".components(separatedBy: "would exceed").count, 2, "\(error)")
            }
        }
    }

    func testTruncatedAndEmptyBlobsThrow() throws {
        for bytes in [
            [], [0x46], Array("FLM".utf8), Array("FLM".utf8) + [1], Array("FLM".utf8) + [2, 0xFF, 0xFF],
            Array("FLM".utf8) + [0, 0x80],
        ] as [[UInt8]] {
            XCTAssertThrowsError(try FlameBlobDecoder().decode(bytes), "\(bytes)")
        }
    }

    func testOpaqueFileWithoutDataColumnIsRefused() throws {
        let batch = try RecordBatch([("version", ArrayData([1] as [UInt64?]))])
        let bytes = try FileWriter.bytes(schema: batch.schema, batches: [batch])
        XCTAssertThrowsError(try FlameObjectFile.read(file: ArrowBuffer(copying: bytes))) { error in
            XCTAssertTrue("\(error)".contains("`data`"), "\(error)")
        }
    }

    /// Every fixture, truncated and with bytes flipped (seeded), decodes or throws.
    func testDamagedFixturesNeverTrap() throws {
        var rng = SplitMix64(seed: 0xF1A3E)
        var thrown = 0
        var decoded = 0
        for c in try FlameManifest.load().cases {
            let original = Array(try Data(contentsOf: FlameManifest.directory.appendingPathComponent(c.name)))
            var variants: [[UInt8]] = [Array(original.prefix(original.count / 2)), Array(original.prefix(5))]
            for _ in 0..<12 {
                var mutated = original
                for _ in 0..<rng.int(1...4) { mutated[rng.int(0...(mutated.count - 1))] = UInt8(truncatingIfNeeded: rng.next()) }
                variants.append(mutated)
            }
            for bytes in variants {
                let buffer = ArrowBuffer(copying: bytes)
                do throws(FlameError) {
                    if FileReader.isFile(buffer) {
                        _ = try FlameJSON.document(try FlameObjectFile.read(file: buffer))
                    } else if bytes.starts(with: [0xFF, 0xFF, 0xFF, 0xFF]) {
                        _ = try FlameJSON.document(try FlameAnswer.decode(buffer))
                    } else {
                        _ = try FlameJSON.document(try FlameBlobDecoder().decode(buffer))
                    }
                    decoded += 1
                } catch {
                    // Typed throws: only a FlameError can arrive here.
                    XCTAssertFalse(error.message.isEmpty)
                    thrown += 1
                }
            }
        }
        print("damaged flame fixtures: \(thrown) refused, \(decoded) still decoded")
        XCTAssertGreaterThan(thrown, 500)
    }
}
