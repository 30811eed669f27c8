import ArrowFlatBuffers
import ArrowMemory
import XCTest

/// Hand-laid FlatBuffers: each test states the bytes and why they are there.
final class FlatBufferReaderTests: XCTestCase {
    /// Root table at 12 with one int32 field (slot 0) = 42 and an absent slot 1.
    /// Layout: [0] root uoffset=12 | [4] vtable: vsize=6, tsize=8, slot0 at +4 | [10] pad | [12] soffset=8 -> vtable at 4 | [16] 42
    private let oneField: [UInt8] = [
        12, 0, 0, 0,
        6, 0, 8, 0, 4, 0,
        0, 0,
        8, 0, 0, 0,
        42, 0, 0, 0,
    ]

    func testReadsScalarAndDefault() throws {
        let t = try FlatBufferTable(root: ArrowBuffer(copying: oneField))
        XCTAssertEqual(try t.scalar(0, default: Int32(7), field: "a"), 42)
        XCTAssertEqual(try t.scalar(1, default: Int32(7), field: "b"), 7, "absent field yields its default")
        XCTAssertFalse(t.has(1))
        XCTAssertTrue(t.has(0))
    }

    func testRootOffsetOutsideBufferThrows() {
        var bytes = oneField
        bytes[0] = 200
        XCTAssertThrowsError(try FlatBufferTable(root: ArrowBuffer(copying: bytes))) { error in
            XCTAssertEqual((error as? FlatBufferError)?.reason, .outOfBounds)
        }
    }

    func testVTableOutsideBufferThrows() {
        var bytes = oneField
        bytes[12] = 0x80  // soffset 128 points before the buffer start
        XCTAssertThrowsError(try FlatBufferTable(root: ArrowBuffer(copying: bytes)))
    }

    func testFieldOffsetPastEndThrows() throws {
        var bytes = oneField
        bytes[8] = 250  // slot 0 claims to be 250 bytes into the table
        let t = try FlatBufferTable(root: ArrowBuffer(copying: bytes))
        XCTAssertThrowsError(try t.scalar(0, default: Int32(0), field: "a")) { error in
            let e = error as? FlatBufferError
            XCTAssertEqual(e?.field, "a")
            XCTAssertEqual(e?.offset, 8, "error points at the vtable entry")
        }
    }

    func testOddVTableSizeThrows() {
        var bytes = oneField
        bytes[4] = 5
        XCTAssertThrowsError(try FlatBufferTable(root: ArrowBuffer(copying: bytes))) { error in
            XCTAssertEqual((error as? FlatBufferError)?.reason, .invalidVTable)
        }
    }

    /// A table whose slot 0 is a string "hi" and slot 1 a vector of 3 int16.
    private func stringAndVector(stringLength: UInt8 = 2, vectorCount: UInt8 = 3) -> [UInt8] {
        [
            12, 0, 0, 0,  // root at 12
            8, 0, 12, 0, 4, 0, 8, 0,  // vtable: size 8, table size 12, slot0 +4, slot1 +8
            8, 0, 0, 0,  // [12] soffset -> 4
            8, 0, 0, 0,  // [16] uoffset -> 24 (string)
            12, 0, 0, 0,  // [20] uoffset -> 32 (vector)
            stringLength, 0, 0, 0, 104, 105, 0, 0,  // [24] "hi" + NUL + pad
            vectorCount, 0, 0, 0, 1, 0, 2, 0, 3, 0, 0, 0,  // [32] [1, 2, 3]
        ]
    }

    func testReadsStringAndVector() throws {
        let t = try FlatBufferTable(root: ArrowBuffer(copying: stringAndVector()))
        XCTAssertEqual(try t.string(0, field: "s"), "hi")
        let v = try XCTUnwrap(try t.vector(1, elementSize: 2, field: "v"))
        XCTAssertEqual((0..<v.count).map { v.scalar(at: $0, as: Int16.self) }, [1, 2, 3])
    }

    func testStringLongerThanBufferThrows() throws {
        let t = try FlatBufferTable(root: ArrowBuffer(copying: stringAndVector(stringLength: 200)))
        XCTAssertThrowsError(try t.string(0, field: "s"))
    }

    func testVectorLongerThanBufferThrows() throws {
        let t = try FlatBufferTable(root: ArrowBuffer(copying: stringAndVector(vectorCount: 255)))
        XCTAssertThrowsError(try t.vector(1, elementSize: 2, field: "v")) { error in
            XCTAssertEqual((error as? FlatBufferError)?.reason, .vectorTooLong(count: 255))
        }
    }

    /// An inline struct `Buffer { offset: long; length: long }` in slot 0 (bytes
    /// 16..<32, laid out as `FlatBufferBuilderTests.testInlineStructField`
    /// writes it), in a buffer that is a 40-byte slice of larger memory: reads
    /// past the slice throw instead of reading the bytes after it.
    func testStructFieldIsBoundsChecked() throws {
        let bytes: [UInt8] = [
            12, 0, 0, 0,  // root at 12
            8, 0, 28, 0, 4, 0, 27, 0,  // [4] vtable: size 8, table size 28, slot0 +4, slot1 +27
            8, 0, 0, 0,  // [12] soffset -> 4
            1, 0, 0, 0, 0, 0, 0, 0,  // [16] Buffer.offset = 1
            2, 0, 0, 0, 0, 0, 0, 0,  // [24] Buffer.length = 2
            0, 0, 0, 0, 0, 0, 0, 0xFF,  // [32] padding, slot 1 = -1
        ]
        let memory = ArrowBuffer(copying: bytes + [UInt8](repeating: 0xAA, count: 16))
        let t = try FlatBufferTable(root: try XCTUnwrap(memory.getSlice(at: 0, length: bytes.count)))
        let at = try XCTUnwrap(try t.structPosition(0, size: 16, field: "Buffer"))
        XCTAssertEqual(at, 16)
        XCTAssertEqual(try t.structField(at, offset: 0, as: Int64.self, field: "Buffer.offset"), 1)
        XCTAssertEqual(try t.structField(at, offset: 8, as: Int64.self, field: "Buffer.length"), 2)
        XCTAssertEqual(try t.structField(at, offset: 23, as: UInt8.self, field: "last byte"), 0xFF)
        XCTAssertEqual(t.structFieldUnchecked(at, offset: 8, as: Int64.self), 2)
        let outside: [(position: Int, offset: Int, errorOffset: Int)] = [
            (at, 24, 40), (at, 17, 33), (at, 23 + 1, 40), (-8, 8, 0), (at, -1, 15), (Int.max, 1, Int.max), (1, Int.max, 1),
        ]
        for (position, offset, errorOffset) in outside {
            XCTAssertThrowsError(try t.structField(position, offset: offset, as: Int64.self, field: "Buffer.length")) { error in
                XCTAssertEqual(
                    error as? FlatBufferError, FlatBufferError(.outOfBounds, offset: errorOffset, field: "Buffer.length"),
                    "position \(position), offset \(offset)")
            }
        }
    }

    /// A table whose slot 0 points at itself would recurse forever without the depth limit.
    /// uoffsets only go forward, so a chain of nested tables is the worst case: build a deep one.
    func testDepthLimitStopsDeepNesting() throws {
        // Each level: vtable (6 bytes + 2 pad) then table (soffset + uoffset to next level).
        var bytes: [UInt8] = [0, 0, 0, 0]
        let levels = 100
        var tablePositions: [Int] = []
        for _ in 0..<levels {
            let vt = bytes.count
            bytes += [6, 0, 8, 0, 4, 0, 0, 0]
            let table = bytes.count
            tablePositions.append(table)
            let soffset = Int32(table - vt)
            bytes += withUnsafeBytes(of: soffset.littleEndian, Array.init)
            bytes += [0, 0, 0, 0]
        }
        for (i, p) in tablePositions.enumerated() where i + 1 < levels {
            let rel = UInt32(tablePositions[i + 1] - (p + 4))
            bytes.replaceSubrange((p + 4)..<(p + 8), with: withUnsafeBytes(of: rel.littleEndian, Array.init))
        }
        bytes.replaceSubrange(0..<4, with: withUnsafeBytes(of: UInt32(tablePositions[0]).littleEndian, Array.init))
        var t = try FlatBufferTable(root: ArrowBuffer(copying: bytes), limits: FlatBufferLimits(maxDepth: 10))
        var reached = 0
        XCTAssertThrowsError(
            try {
                while let next = try t.table(0, field: "next") {
                    t = next
                    reached += 1
                }
            }()
        ) { error in
            XCTAssertEqual((error as? FlatBufferError)?.reason, .tooDeep(limit: 10))
        }
        XCTAssertEqual(reached, 10)
    }
}
