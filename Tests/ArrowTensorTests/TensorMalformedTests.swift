import ArrowFlatBuffers
import ArrowIPC
import ArrowMemory
import ArrowTensor
import ArrowTestSupport
import XCTest

/// Damaged or lying tensor messages end in a thrown error that says what and
/// where, never a trap, and never an allocation the input does not justify.
final class TensorMalformedTests: XCTestCase {
    /// A Tensor message built field by field, so each test can lie in one place.
    struct Spec {
        var typeTag: UInt8 = 3
        var precision: Int16 = 1
        var bitWidth: Int32 = 32
        var shape: [Int64]? = [2, 3]
        var strides: [Int64]? = [12, 4]
        var data: (offset: Int64, length: Int64)? = (0, 24)
        var bodyLength: Int64 = 24
        var headerType: UInt8 = 4
        var body: [UInt8] = Array(repeating: 7, count: 24)

        func bytes() -> [UInt8] {
            var b = FlatBufferBuilder()
            let type: FlatBufferOffset
            if typeTag == 2 {
                b.startTable(fieldCount: 2)
                b.add(field: 0, bitWidth, default: 0)
                b.add(field: 1, true, default: false)
                type = b.endTable()
            } else {
                b.startTable(fieldCount: 1)
                b.add(field: 0, precision, default: 0)
                type = b.endTable()
            }
            var shapeVector: FlatBufferOffset? = nil
            if let shape {
                let dims = shape.map { size -> FlatBufferOffset in
                    b.startTable(fieldCount: 2)
                    b.add(field: 0, size, default: 0)
                    return b.endTable()
                }
                shapeVector = b.createVector(of: dims)
            }
            let strideVector = strides.map { b.createVector($0) }
            b.startTable(fieldCount: 5)
            if let data {
                b.addStruct(field: 4, size: 16, alignment: 8) { b in
                    b.prepend(data.length)
                    b.prepend(data.offset)
                }
            }
            if let strideVector { b.addOffset(field: 3, strideVector) }
            if let shapeVector { b.addOffset(field: 2, shapeVector) }
            b.addOffset(field: 1, type)
            b.add(field: 0, typeTag, default: 0)
            let tensor = b.endTable()
            b.startTable(fieldCount: 5)
            b.add(field: 3, bodyLength, default: 0)
            b.addOffset(field: 2, tensor)
            b.add(field: 0, Int16(4), default: 0)
            b.add(field: 1, headerType, default: 0)
            b.finish(root: b.endTable())
            var metadata = b.finishedBytes
            while metadata.count % 8 != 0 { metadata.append(0) }
            return [0xFF, 0xFF, 0xFF, 0xFF] + withUnsafeBytes(of: Int32(metadata.count).littleEndian, Array.init) + metadata + body
        }
    }

    private func decodeError(_ spec: Spec, file: StaticString = #filePath, line: UInt = #line) -> ArrowError? {
        do {
            let t = try AnyTensor(decoding: ArrowBuffer(copying: spec.bytes()))
            XCTFail("decoded \(t.shape) \(t.strides)", file: file, line: line)
            return nil
        } catch {
            XCTAssertFalse(error.message.isEmpty, file: file, line: line)
            XCTAssertNotNil(error.byteOffset, "errors say where: \(error)", file: file, line: line)
            return error
        }
    }

    func testTheHandBuiltMessageIsValid() throws {
        let t = try XCTUnwrap(try AnyTensor(decoding: ArrowBuffer(copying: Spec().bytes())).tensor(of: Float.self))
        XCTAssertEqual(t.shape, [2, 3])
        XCTAssertEqual(t.toArray().count, 6)
    }

    func testNegativeDimension() {
        var s = Spec()
        s.shape = [2, -3]
        XCTAssertTrue("\(decodeError(s)!)".contains("Tensor.shape[1].size"))
    }

    func testOverflowingDimensions() {
        var s = Spec()
        s.shape = [Int64.max, Int64.max]
        XCTAssertTrue("\(decodeError(s)!)".contains("overflow"))
        s.shape = [Int64.max / 2, 3]
        s.strides = [8, Int64.max / 2]
        XCTAssertTrue("\(decodeError(s)!)".contains("overflow"))
    }

    func testNegativeStride() {
        var s = Spec()
        s.strides = [12, -4]
        XCTAssertTrue("\(decodeError(s)!)".contains("Tensor.strides[1]"))
    }

    func testStrideCountDisagreesWithShape() {
        var s = Spec()
        s.strides = [4]
        XCTAssertTrue("\(decodeError(s)!)".contains("1 strides for 2 dimensions"))
    }

    func testShapeAndStridesReachPastTheData() {
        var s = Spec()
        s.strides = [16, 4]
        XCTAssertTrue("\(decodeError(s)!)".contains("reaches byte 28, the data has 24"))
        s = Spec()
        s.shape = [2, 4]
        s.strides = [16, 4]
        XCTAssertTrue("\(decodeError(s)!)".contains("reaches byte 32"))
    }

    /// Overlapping strides (0 repeats one element) in a message would let 24
    /// bytes stand for a terabyte once materialized.
    func testOverlappingStridesInAMessage() {
        var s = Spec()
        s.shape = [1 << 40, 3]
        s.strides = [0, 4]
        XCTAssertTrue("\(decodeError(s)!)".contains("do not fit in 24 data bytes"))
        // Built by the caller over its own bytes, a broadcast view is fine.
        let view = try? Tensor<Float>(data: ArrowBuffer(copying: [UInt8](repeating: 0, count: 12)), shape: [4, 3], strides: [0, 4])
        XCTAssertEqual(view?.toArray().count, 12)
    }

    func testDataBufferOutsideTheBody() {
        var s = Spec()
        s.data = (8, 24)
        XCTAssertTrue("\(decodeError(s)!)".contains("outside the body"))
        s.data = (-8, 8)
        XCTAssertNotNil(decodeError(s))
        s.data = nil
        XCTAssertTrue("\(decodeError(s)!)".contains("Tensor.data"))
    }

    func testTruncatedBody() {
        var s = Spec()
        s.body = Array(s.body.prefix(20))
        XCTAssertTrue("\(decodeError(s)!)".contains("bodyLength 24"))
    }

    /// The body length claims a terabyte: compared against the bytes present, never allocated.
    func testTerabyteBodyLength() {
        var s = Spec()
        s.bodyLength = 1 << 40
        s.data = (0, 1 << 40)
        s.shape = [1 << 18, 1 << 20]
        s.strides = [1 << 22, 4]
        XCTAssertTrue("\(decodeError(s)!)".contains("bodyLength 1099511627776"))
        s.bodyLength = Int64.max
        XCTAssertNotNil(decodeError(s))
        s.bodyLength = -1
        XCTAssertNotNil(decodeError(s))
    }

    func testMissingShape() {
        var s = Spec()
        s.shape = nil
        XCTAssertTrue("\(decodeError(s)!)".contains("Tensor.shape"))
    }

    func testAbsentStridesMeanRowMajor() throws {
        var s = Spec()
        s.strides = nil
        let t = try AnyTensor(decoding: ArrowBuffer(copying: s.bytes()))
        XCTAssertEqual(t.strides, [12, 4])
    }

    func testTypesATensorCannotHold() {
        var s = Spec()
        s.typeTag = 5  // Utf8
        XCTAssertEqual(decodeError(s)?.kind, .unsupported)
        XCTAssertTrue("\(decodeError(s)!)".contains("Utf8 elements"))
        s.typeTag = 0
        XCTAssertEqual(decodeError(s)?.kind, .invalidMetadata)
        s.typeTag = 200
        XCTAssertEqual(decodeError(s)?.kind, .invalidMetadata)
        s.typeTag = 2
        s.bitWidth = 12
        XCTAssertTrue("\(decodeError(s)!)".contains("bitWidth"))
        s.typeTag = 3
        s.precision = 9
        XCTAssertTrue("\(decodeError(s)!)".contains("precision"))
    }

    /// pyarrow 26 cannot write SparseTensor messages; ours says they are unsupported.
    func testSparseTensorIsUnsupported() {
        var s = Spec()
        s.headerType = 5
        let e = decodeError(s)
        XCTAssertEqual(e?.kind, .unsupported)
        XCTAssertTrue("\(e!)".contains("SparseTensor"))
        XCTAssertTrue(AnyTensor.isTensorMessage(ArrowBuffer(copying: s.bytes())))
    }

    func testRecordBatchStreamIsNotATensor() throws {
        let url = PythonRunner.packageRoot.appendingPathComponent("Fixtures/ipc/integers.stream")
        let bytes = Array(try Data(contentsOf: url))
        XCTAssertThrowsError(try AnyTensor(decoding: bytes)) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .invalidFormat)
            XCTAssertTrue("\(error)".contains("Schema message"), "\(error)")
        }
        XCTAssertFalse(AnyTensor.isTensorMessage(ArrowBuffer(copying: bytes)))
    }

    func testFramingErrors() {
        for bytes: [UInt8] in [
            [], [0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0],
            [0xFF, 0xFF, 0xFF, 0xFF, 0xF0, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF, 100, 0, 0, 0, 1, 2],
        ] {
            XCTAssertThrowsError(try AnyTensor(decoding: bytes), "\(bytes)")
        }
    }

    /// The pre-0.15 framing (no FFFFFFFF marker) decodes to the same tensor.
    func testLegacyFramingDecodes() throws {
        for c in try TensorManifest.load().cases.prefix(12) {
            let bytes = Array(try Data(contentsOf: c.url))
            let legacy = try AnyTensor(decoding: Array(bytes.dropFirst(4)))
            XCTAssertEqual(legacy.shape, c.shape)
            XCTAssertEqual(legacy.leadingValues(100), try AnyTensor(decoding: bytes).leadingValues(100))
        }
    }

    func testEveryTruncationOfEveryFixtureThrows() throws {
        for c in try TensorManifest.load().cases {
            let bytes = Array(try Data(contentsOf: c.url))
            for cut in 0..<bytes.count {
                XCTAssertThrowsError(try AnyTensor(decoding: Array(bytes[0..<cut])), "\(c.name) cut at \(cut)")
            }
        }
    }

    /// Seeded random byte changes: each result is an error or a tensor whose
    /// every element can be read.
    func testRandomByteFlipsThrowOrDecodeSafely() throws {
        var rng = SplitMix64(seed: 0x7E45)
        var decoded = 0
        var rejected = 0
        for c in try TensorManifest.load().cases {
            let bytes = Array(try Data(contentsOf: c.url))
            for _ in 0..<40 {
                var damaged = bytes
                for _ in 0..<Int(rng.next() % 3 + 1) {
                    // Mostly the metadata, where the lies that matter are.
                    let limit = min(damaged.count, 256)
                    damaged[Int(rng.next() % UInt64(limit))] = UInt8(truncatingIfNeeded: rng.next())
                }
                do {
                    let t = try AnyTensor(decoding: damaged)
                    XCTAssertLessThanOrEqual(t.leadingValues(Int.max).count, damaged.count)
                    decoded += 1
                } catch {
                    XCTAssertFalse(error.message.isEmpty)
                    rejected += 1
                }
            }
        }
        XCTAssertGreaterThan(rejected, 0)
        XCTAssertGreaterThan(decoded, 0)
    }
}
