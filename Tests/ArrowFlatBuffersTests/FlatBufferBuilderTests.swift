import ArrowFlatBuffers
import ArrowTestSupport
import Foundation
import XCTest

final class FlatBufferBuilderTests: XCTestCase {
    // MARK: - Hand-checked layouts
    //
    // Offsets in the comments are "size" values: bytes counted from the end of
    // the buffer, as the builder counts them. Byte indexes are from the start
    // of the finished buffer.

    func testEmptyTable() {
        var b = FlatBufferBuilder(initialCapacity: 16)
        b.startTable(fieldCount: 0)
        // endTable: Int32 placeholder (size 4 = the table), then the vtable
        // [vtable size 4, object size 4] (size 8). The table's Int32 is
        // vtable offset 8 - table offset 4 = 4.
        let table = b.endTable()
        XCTAssertEqual(table, FlatBufferOffset(value: 4))
        // finish: minAlign 4, 8 + 4 bytes already aligned; root offset written
        // at size 12 pointing to size 4: 12 - 4 = 8.
        b.finish(root: table)
        XCTAssertEqual(
            b.finishedBytes,
            [
                8, 0, 0, 0,  // root: table at byte 8
                4, 0, 4, 0,  // vtable: 4 bytes long, object 4 bytes long, no fields
                4, 0, 0, 0,  // table: vtable at 8 - 4 = byte 4
            ])
    }

    func testScalarFieldsPaddingAndDefaults() {
        var b = FlatBufferBuilder(initialCapacity: 1)
        b.startTable(fieldCount: 3)
        b.add(field: 0, true, default: false)  // 1 byte at size 1
        b.add(field: 1, Int64(0x0102_0304_0506_0708), default: 0)  // pad 7 to size 8, value at size 16
        b.add(field: 2, UInt8(5), default: 5)  // equals its default: not written
        // Int32 placeholder at size 20 (already 4-aligned). Object size 20.
        // vtable (trailing slot 2 trimmed): [8, 20, 20 - 1 = 19, 20 - 16 = 4], size 28.
        let table = b.endTable()
        XCTAssertEqual(table.value, 20)
        XCTAssertEqual(b.minimumAlignment, 8)
        // finish: 28 + 4 = 32 is 8-aligned, no padding; root = 32 - 20 = 12.
        b.finish(root: table)
        XCTAssertEqual(
            b.finishedBytes,
            [
                12, 0, 0, 0,  // root: table at byte 12
                8, 0, 20, 0, 19, 0, 4, 0,  // vtable
                8, 0, 0, 0,  // table: vtable at 12 - 8 = byte 4
                8, 7, 6, 5, 4, 3, 2, 1,  // field 1 at table + 4 (byte 16, 8-aligned)
                0, 0, 0, 0, 0, 0, 0,  // padding
                1,  // field 0 at table + 19
            ])
    }

    func testStringFileIdentifierAndSizePrefix() {
        var b = FlatBufferBuilder()
        // "hi": prep(4, 3) pads 1 byte, then NUL, "hi" and the length: size 8.
        let string = b.createString("hi")
        XCTAssertEqual(string.value, 8)
        b.startTable(fieldCount: 1)
        b.addOffset(field: 0, string)  // at size 12: 12 - 8 + 4 = 4
        // Placeholder at size 16, object size 16 - 8 = 8, vtable [6, 8, 4] to size 22.
        let table = b.endTable()
        // finish: 22 + 4 (root) + 4 (identifier) + 4 (prefix) = 34, so pad 2 to
        // 24; identifier to 28; root offset at 32: 28 - 16 + 4 = 16; then the
        // prefix: the 32 bytes that follow it.
        b.finish(root: table, fileIdentifier: "ABCD", sizePrefixed: true)
        XCTAssertEqual(
            b.finishedBytes,
            [
                32, 0, 0, 0,  // size prefix: 32 bytes follow
                16, 0, 0, 0,  // root: byte 4 + 16 = byte 20
                0x41, 0x42, 0x43, 0x44,  // "ABCD"
                0, 0,  // padding
                6, 0, 8, 0, 4, 0,  // vtable at byte 14
                6, 0, 0, 0,  // table at byte 20: vtable at 20 - 6 = 14
                4, 0, 0, 0,  // field 0: string at byte 24 + 4 = 28
                2, 0, 0, 0, 0x68, 0x69, 0, 0,  // "hi", NUL, 1 byte padding
            ])
    }

    func testVtableDeduplication() {
        var b = FlatBufferBuilder(initialCapacity: 0)
        // T1: field at size 4, placeholder at 8, object size 8, vtable A = [6, 8, 4] at 14.
        b.startTable(fieldCount: 1)
        b.add(field: 0, Int32(7), default: 0)
        let t1 = b.endTable()
        // T2 starts at 14: pad 2, field at 20, placeholder at 24, object size
        // 24 - 14 = 10 (the padding counts), so vtable B = [6, 10, 4] is new, at 30.
        b.startTable(fieldCount: 1)
        b.add(field: 0, Int32(9), default: 0)
        let t2 = b.endTable()
        // T3 starts at 30: same layout as T2, so it reuses vtable B: 30 - 40 = -10.
        b.startTable(fieldCount: 1)
        b.add(field: 0, Int32(11), default: 0)
        let t3 = b.endTable()
        XCTAssertEqual([t1.value, t2.value, t3.value], [8, 24, 40])
        b.finish(root: t3)
        XCTAssertEqual(
            b.finishedBytes,
            [
                4, 0, 0, 0,  // root: byte 4
                0xF6, 0xFF, 0xFF, 0xFF,  // T3: -10, vtable B at byte 4 + 10 = 14
                11, 0, 0, 0,
                0, 0,
                6, 0, 10, 0, 4, 0,  // vtable B
                6, 0, 0, 0,  // T2: vtable at 20 - 6 = 14
                9, 0, 0, 0,
                0, 0,
                6, 0, 8, 0, 4, 0,  // vtable A
                6, 0, 0, 0,  // T1: vtable at 36 - 6 = 30
                7, 0, 0, 0,
            ])
    }

    func testArrowBlockStructVector() {
        var b = FlatBufferBuilder()
        // Arrow `Block { offset: long; metaDataLength: int; (pad 4) bodyLength: long }`.
        b.startVector(elementSize: 24, count: 1, alignment: 8)
        b.prependStruct(size: 24, alignment: 8) { b in
            b.prepend(Int64(0x30))  // bodyLength
            b.pad(4)
            b.prepend(Int32(0x20))  // metaDataLength
            b.prepend(Int64(8))  // offset
        }
        let vector = b.endVector(count: 1)
        XCTAssertEqual(vector.value, 28)
        b.startTable(fieldCount: 1)
        b.addOffset(field: 0, vector)
        b.finish(root: b.endTable())
        let bytes = b.finishedBytes
        // The vector's elements must be 8-aligned in the buffer (whose length
        // is a multiple of minimumAlignment = 8).
        XCTAssertEqual(bytes.count % 8, 0)
        let elements = bytes.count - 24
        XCTAssertEqual(elements % 8, 0)
        XCTAssertEqual(
            Array(bytes[(elements - 4)...]),
            [
                1, 0, 0, 0,  // count
                8, 0, 0, 0, 0, 0, 0, 0,  // offset
                0x20, 0, 0, 0,  // metaDataLength
                0, 0, 0, 0,  // padding
                0x30, 0, 0, 0, 0, 0, 0, 0,  // bodyLength
            ])
    }

    func testInlineStructField() {
        var b = FlatBufferBuilder()
        b.startTable(fieldCount: 2)
        b.add(field: 1, Int8(-1), default: 0)  // size 1
        // Arrow `Buffer { offset: long; length: long }`: prep(8, 16) pads 7.
        b.addStruct(field: 0, size: 16, alignment: 8) { b in
            b.prepend(Int64(2))  // length
            b.prepend(Int64(1))  // offset
        }
        XCTAssertEqual(b.size, 24)
        // Placeholder at 28 (object size 28), vtable [8, 28, 28 - 24 = 4, 28 - 1 = 27]
        // to 36; finish: 36 + 4 is 8-aligned.
        let table = b.endTable()
        b.finish(root: table)
        XCTAssertEqual(
            b.finishedBytes,
            [
                12, 0, 0, 0,  // root: written at size 40, 36 - 28 + 4 = 12
                8, 0, 28, 0, 4, 0, 27, 0,  // vtable
                8, 0, 0, 0,  // table
                1, 0, 0, 0, 0, 0, 0, 0,  // Buffer.offset
                2, 0, 0, 0, 0, 0, 0, 0,  // Buffer.length
                0, 0, 0, 0, 0, 0, 0,  // padding
                0xFF,  // field 1
            ])
    }

    // MARK: - Where C++ and Python differ, the C++ bytes

    func testEmptyVectorIsNotPreAligned() {
        var b = FlatBufferBuilder()
        _ = b.createVector([UInt8]())  // just the count: size 4
        XCTAssertEqual(b.size, 4)
        // C++: PreAlign(0, 8) does nothing, the count is aligned to 4 only.
        // (Python's StartVector(16, 0, 8) would pad to 8 first: size 12, minalign 8.)
        b.startVector(elementSize: 16, count: 0, alignment: 8)
        let empty = b.endVector(count: 0)
        XCTAssertEqual(empty.value, 8)
        XCTAssertEqual(b.minimumAlignment, 4)
    }

    func testNullOffsetIsNeverStored() {
        var b = FlatBufferBuilder()
        b.forceDefaults = true
        b.startTable(fieldCount: 1)
        b.addOffset(field: 0, .null)  // C++ AddOffset skips null even when forcing defaults
        b.finish(root: b.endTable())
        XCTAssertEqual(b.finishedBytes, [8, 0, 0, 0, 4, 0, 4, 0, 4, 0, 0, 0])
    }

    func testNaNEqualsNaNDefault() {
        var b = FlatBufferBuilder()
        b.startTable(fieldCount: 2)
        b.add(field: 0, Double.nan, default: .nan)  // same as the default in C++: omitted
        b.add(field: 1, Float.nan, default: .nan)
        b.finish(root: b.endTable())
        XCTAssertEqual(b.finishedBytes, [8, 0, 0, 0, 4, 0, 4, 0, 4, 0, 0, 0])

        var c = FlatBufferBuilder()
        c.startTable(fieldCount: 1)
        c.add(field: 0, Float.nan, default: 0)  // differs from the default: written at size 4
        // Placeholder at 8, vtable [6, 8, 4] to 14; finish pads 2 (16 + 4 is
        // 4-aligned) and writes the root at 20: 16 - 8 + 4 = 12.
        c.finish(root: c.endTable())
        XCTAssertEqual(
            c.finishedBytes,
            [
                12, 0, 0, 0,  // root: byte 12
                0, 0,  // padding
                6, 0, 8, 0, 4, 0,  // vtable at byte 6
                6, 0, 0, 0,  // table: vtable at 12 - 6 = 6
                0x00, 0x00, 0xC0, 0x7F,  // Float.nan
            ])
    }

    func testForceDefaults() {
        var b = FlatBufferBuilder()
        b.forceDefaults = true
        b.startTable(fieldCount: 1)
        b.add(field: 0, Int32(0), default: 0)
        b.finish(root: b.endTable())
        // Field at 4, placeholder at 8, vtable [6, 8, 4] to 14, finish pads 2,
        // root written at 20: 16 - 8 + 4 = 12.
        XCTAssertEqual(
            b.finishedBytes,
            [
                12, 0, 0, 0,  // root: byte 12
                0, 0,  // padding
                6, 0, 8, 0, 4, 0,  // vtable at byte 6
                6, 0, 0, 0,  // table at byte 12: vtable at 6
                0, 0, 0, 0,  // the forced default
            ])
    }

    // MARK: - Growth and helpers

    func testGrowthDoesNotChangeBytes() {
        func build(initialCapacity: Int) -> [UInt8] {
            var b = FlatBufferBuilder(initialCapacity: initialCapacity)
            var offsets: [FlatBufferOffset] = []
            for i in 0..<200 {
                let name = b.createString(String(repeating: "x", count: i % 37) + "é\(i)")
                let data = b.createByteVector((0..<UInt8(i % 50)).map { $0 }, alignment: 16)
                let numbers = b.createVector((0..<Int64(i % 9)).map { $0 * 3 })
                b.startTable(fieldCount: 4)
                b.addOffset(field: 0, name)
                b.addOffset(field: 1, data)
                b.addOffset(field: 2, numbers)
                b.add(field: 3, UInt16(i), default: 0)
                offsets.append(b.endTable())
            }
            let vector = b.createVector(of: offsets)
            b.startTable(fieldCount: 1)
            b.addOffset(field: 0, vector)
            b.finish(root: b.endTable(), fileIdentifier: "TEST")
            return b.finishedBytes
        }
        let reference = build(initialCapacity: 1 << 20)
        XCTAssertEqual(build(initialCapacity: 0), reference)
        XCTAssertEqual(build(initialCapacity: 3), reference)
        XCTAssertEqual(build(initialCapacity: 1024), reference)
    }

    func testByteVectorAlignmentAndWithFinishedBytes() {
        var b = FlatBufferBuilder()
        let bytes = b.createByteVector([1, 2, 3], alignment: 16)
        // prep(4, 3) pads 1, prep(16, 3) pads 12 more, the data, the count.
        XCTAssertEqual(bytes.value, 20)
        XCTAssertEqual(b.minimumAlignment, 16)
        b.startTable(fieldCount: 1)
        b.addOffset(field: 0, bytes)
        b.finish(root: b.endTable())
        let copy = b.finishedBytes
        XCTAssertEqual(copy.count % 16, 0)
        // The data (3 bytes before 13 bytes of padding) is 16-aligned.
        XCTAssertEqual(Array(copy[(copy.count - 16)..<(copy.count - 13)]), [1, 2, 3])
        b.withFinishedBytes { raw in
            XCTAssertEqual(Array(raw), copy)
        }
        b.reset()
        XCTAssertEqual(b.size, 0)
        XCTAssertFalse(b.isFinished)
    }

    func testCreateStringFromUTF8Bytes() {
        var a = FlatBufferBuilder()
        var b = FlatBufferBuilder()
        _ = a.createString("grüße 🎉")
        _ = b.createString(utf8: Array("grüße 🎉".utf8))
        a.startTable(fieldCount: 0)
        b.startTable(fieldCount: 0)
        a.finish(root: a.endTable())
        b.finish(root: b.endTable())
        XCTAssertEqual(a.finishedBytes, b.finishedBytes)
    }

    // MARK: - Differential test against the Python builder

    func testMatchesPythonBuilder() throws {
        let sequenceCount = 300
        var generator = SequenceGenerator(seed: 0x00A1_2041_F1A7_B0FF)
        let sequences = (0..<sequenceCount).map { _ in generator.makeSequence() }

        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "flatbuffers-replay")
        defer { try? FileManager.default.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("script.json")
        try Data(ReplayScript.json(sequences).utf8).write(to: scriptURL)

        let output = try PythonRunner.runScript(
            "flatbuffers_replay.py", in: "ArrowFlatBuffersTests", arguments: [scriptURL.path], workDirectory: directory)
        struct Reply: Decodable {
            var flatbuffers: String
            var outputs: [String]
        }
        let reply = try JSONDecoder().decode(Reply.self, from: output.stdout)
        XCTAssertEqual(reply.flatbuffers, "25.12.19", "the replay should use the pinned flatbuffers package")
        XCTAssertEqual(reply.outputs.count, sequenceCount)

        var compared = 0
        for (index, sequence) in sequences.enumerated() where index < reply.outputs.count {
            let swiftBytes = ReplayScript.replay(sequence)
            let text = reply.outputs[index]
            guard let pythonBytes = Self.bytes(fromHex: text) else {
                XCTFail("sequence \(index): Python replay failed: \(text)\n\(ReplayScript.describe(sequence))")
                return
            }
            if swiftBytes != pythonBytes {
                let firstDifference =
                    zip(swiftBytes, pythonBytes).enumerated()
                    .first { $0.element.0 != $0.element.1 }?.offset ?? min(swiftBytes.count, pythonBytes.count)
                XCTFail(
                    """
                    sequence \(index) differs at byte \(firstDifference) \
                    (Swift \(swiftBytes.count) bytes, Python \(pythonBytes.count) bytes)
                    Swift:  \(Self.hex(swiftBytes, around: firstDifference))
                    Python: \(Self.hex(pythonBytes, around: firstDifference))
                    \(ReplayScript.describe(sequence))
                    """)
                return
            }
            compared += 1
        }
        XCTAssertEqual(compared, sequenceCount)
        print(
            "FlatBufferBuilderTests: \(compared) sequences byte-identical to Python flatbuffers \(reply.flatbuffers); "
                + "coverage: \(ReplayScript.coverage(sequences))")
    }

    private static func bytes(fromHex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    private static func hex(_ bytes: [UInt8], around index: Int) -> String {
        let start = max(0, index - 8)
        let end = min(bytes.count, index + 8)
        let window = bytes[start..<end].map { String(format: "%02x", $0) }.joined(separator: " ")
        return "[\(start)..<\(end)] \(window)"
    }
}

// MARK: - Random call sequences

private enum ScalarKind: String, CaseIterable {
    case bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64

    var size: Int {
        switch self {
        case .bool, .int8, .uint8: 1
        case .int16, .uint16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        }
    }
}

/// A scalar as its kind and little-endian bit pattern.
private struct Scalar {
    var kind: ScalarKind
    var bits: UInt64
}

/// A struct as the generated code writes it: `prep(alignment, size)`, then
/// the items back to front.
private struct StructSpec {
    enum Item {
        case pad(Int)
        case scalar(Scalar)
    }

    var alignment: Int
    var size: Int
    var items: [Item]

    /// Lays out fields like flatc: each field aligned to its size, the struct
    /// aligned to its largest field and padded to a multiple of it.
    init(fields: [Scalar]) {
        var offset = 0
        var padsBefore: [Int] = []
        for field in fields {
            let padding = (field.kind.size - offset % field.kind.size) % field.kind.size
            padsBefore.append(padding)
            offset += padding + field.kind.size
        }
        alignment = fields.map(\.kind.size).max() ?? 1
        let trailing = (alignment - offset % alignment) % alignment
        size = offset + trailing
        items = trailing > 0 ? [.pad(trailing)] : []
        for (field, padding) in zip(fields, padsBefore).reversed() {
            items.append(.scalar(field))
            if padding > 0 {
                items.append(.pad(padding))
            }
        }
    }
}

/// One builder call (or a few, for vectors) of a random sequence. Calls that
/// create an object add it to the sequence's results; `ref` indexes those
/// results, -1 being the null offset.
private enum ReplayOp {
    case forceDefaults(Bool)
    case startTable(fieldCount: Int)
    case scalarSlot(slot: Int, value: Scalar, defaultValue: Scalar)
    case offsetSlot(slot: Int, ref: Int)
    case structSlot(slot: Int, StructSpec)
    case endTable
    case string(String)
    case bytes([UInt8], alignment: Int)
    case scalarVector(ScalarKind, [UInt64])
    case offsetVector([Int])
    case structVector(elementSize: Int, alignment: Int, [StructSpec])
    case finish(ref: Int, fileIdentifier: String?, sizePrefixed: Bool)

    var createsObject: Bool {
        switch self {
        case .endTable, .string, .bytes, .scalarVector, .offsetVector, .structVector: true
        default: false
        }
    }

    var name: String {
        switch self {
        case .forceDefaults: "force"
        case .startTable: "startTable"
        case .scalarSlot: "scalarSlot"
        case .offsetSlot: "offsetSlot"
        case .structSlot: "structSlot"
        case .endTable: "endTable"
        case .string: "string"
        case .bytes: "bytes"
        case .scalarVector: "scalarVector"
        case .offsetVector: "offsetVector"
        case .structVector: "structVector"
        case .finish: "finish"
        }
    }
}

private struct ReplaySequence {
    var initialCapacity: Int
    var ops: [ReplayOp]
}

/// Makes random but valid call sequences: children before parents, no nesting,
/// tables with up to 60 fields of every scalar kind, defaults equal and not,
/// `forceDefaults` toggled, strings (empty, unicode, long), vectors of scalars,
/// offsets and structs (including empty ones), inline structs, repeated tables
/// that share vtables, file identifiers and size prefixes.
private struct SequenceGenerator {
    private var random: SplitMix64
    private var ops: [ReplayOp] = []
    private var resultCount = 0
    private var stringRefs: [Int] = []
    private var tableRefs: [Int] = []

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func makeSequence() -> ReplaySequence {
        ops = []
        resultCount = 0
        stringRefs = []
        tableRefs = []
        let initialCapacity = random.pick([0, 1, 2, 7, 64, 1024])
        if random.chance(25) {
            emit(.forceDefaults(true))
        }
        for _ in 0..<random.int(0...3) {
            _ = makeChild(depth: 1)
        }
        let root = makeTable(depth: 0)
        let identifier: String? = random.chance(35) ? random.pick(["ARRW", "FBS1", "abcd", "\u{1}\u{2}\u{3}\u{4}"]) : nil
        emit(.finish(ref: root, fileIdentifier: identifier, sizePrefixed: random.chance(35)))
        return ReplaySequence(initialCapacity: initialCapacity, ops: ops)
    }

    @discardableResult
    private mutating func emit(_ op: ReplayOp) -> Int {
        ops.append(op)
        guard op.createsObject else { return -1 }
        resultCount += 1
        return resultCount - 1
    }

    // MARK: Tables

    private enum FieldPlan {
        case scalar(value: Scalar, defaultValue: Scalar)
        case offset(Int)
        case structValue(StructSpec)
    }

    private mutating func makeTable(depth: Int) -> Int {
        if random.chance(10) {
            emit(.forceDefaults(random.chance(50)))
        }
        let fieldCount = random.chance(10) ? random.int(20...60) : random.int(0...10)
        var plans: [(slot: Int, plan: FieldPlan)] = []
        for slot in 0..<fieldCount {
            switch random.int(0...99) {
            case 0..<25:
                continue
            case 25..<65:
                let kind = random.pick(ScalarKind.allCases)
                let defaultValue = random.chance(50) ? Scalar(kind: kind, bits: 0) : randomScalar(kind)
                let value = random.chance(35) ? defaultValue : randomScalar(kind)
                plans.append((slot, .scalar(value: value, defaultValue: defaultValue)))
            case 65..<88:
                plans.append((slot, .offset(makeChild(depth: depth + 1))))
            default:
                plans.append((slot, .structValue(randomStruct(shape: randomStructShape()))))
            }
        }
        shuffle(&plans)
        return emitTable(fieldCount: fieldCount, plans: plans)
    }

    private mutating func emitTable(fieldCount: Int, plans: [(slot: Int, plan: FieldPlan)]) -> Int {
        emit(.startTable(fieldCount: fieldCount))
        for (slot, plan) in plans {
            switch plan {
            case .scalar(let value, let defaultValue):
                emit(.scalarSlot(slot: slot, value: value, defaultValue: defaultValue))
            case .offset(let ref):
                emit(.offsetSlot(slot: slot, ref: ref))
            case .structValue(let spec):
                emit(.structSlot(slot: slot, spec))
            }
        }
        let ref = emit(.endTable)
        tableRefs.append(ref)
        return ref
    }

    /// A vector of tables with one shape, so that their vtables are shared.
    private mutating func makeRepeatedTables() -> Int {
        let fieldCount = random.int(1...8)
        var kinds: [(slot: Int, kind: ScalarKind)] = []
        for slot in 0..<fieldCount where random.chance(70) {
            kinds.append((slot, random.pick(ScalarKind.allCases)))
        }
        var refs: [Int] = []
        let sameValues = random.chance(50)
        var first: [(slot: Int, plan: FieldPlan)] = []
        for copy in 0..<random.int(2...7) {
            var plans: [(slot: Int, plan: FieldPlan)] = []
            if copy > 0 && sameValues {
                plans = first
            } else {
                for (slot, kind) in kinds {
                    plans.append((slot, .scalar(value: randomScalar(kind), defaultValue: Scalar(kind: kind, bits: 0))))
                }
            }
            if copy == 0 {
                first = plans
            }
            refs.append(emitTable(fieldCount: fieldCount, plans: plans))
        }
        return emit(.offsetVector(refs))
    }

    // MARK: Children

    private mutating func makeChild(depth: Int) -> Int {
        switch random.int(0...99) {
        case 0..<22:
            let ref = emit(.string(randomString()))
            stringRefs.append(ref)
            return ref
        case 22..<32:
            let count = random.chance(20) ? 0 : random.int(0...40)
            let data = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            return emit(.bytes(data, alignment: random.pick([1, 1, 2, 4, 8, 16])))
        case 32..<47:
            let kind = random.pick(ScalarKind.allCases)
            let count = random.chance(20) ? 0 : random.int(1...20)
            return emit(.scalarVector(kind, (0..<count).map { _ in randomScalar(kind).bits }))
        case 47..<57:
            var refs: [Int] = []
            for _ in 0..<random.int(0...6) {
                if !stringRefs.isEmpty && random.chance(30) {
                    refs.append(random.pick(stringRefs))
                } else {
                    let ref = emit(.string(randomString()))
                    stringRefs.append(ref)
                    refs.append(ref)
                }
            }
            return emit(.offsetVector(refs))
        case 57..<70:
            let shape = randomStructShape()
            let count = random.chance(25) ? 0 : random.int(1...5)
            let specs = (0..<count).map { _ in randomStruct(shape: shape) }
            let layout = StructSpec(fields: shape.map { Scalar(kind: $0, bits: 0) })
            return emit(.structVector(elementSize: layout.size, alignment: layout.alignment, specs))
        case 70..<82 where depth < 4:
            return makeTable(depth: depth)
        case 82..<90 where depth < 4:
            return makeRepeatedTables()
        case 90..<95:
            // An object made earlier, referenced again.
            if !tableRefs.isEmpty && random.chance(50) {
                return random.pick(tableRefs)
            }
            if !stringRefs.isEmpty {
                return random.pick(stringRefs)
            }
            return -1
        default:
            return -1  // a null offset
        }
    }

    // MARK: Values

    private mutating func randomStructShape() -> [ScalarKind] {
        switch random.int(0...5) {
        case 0: return [.int64, .int64]  // Arrow Buffer / FieldNode
        case 1: return [.int64, .int32, .int64]  // Arrow Block
        default: return (0..<random.int(1...5)).map { _ in random.pick(ScalarKind.allCases) }
        }
    }

    private mutating func randomStruct(shape: [ScalarKind]) -> StructSpec {
        var fields: [Scalar] = []
        for kind in shape {
            fields.append(randomScalar(kind))
        }
        return StructSpec(fields: fields)
    }

    private mutating func randomScalar(_ kind: ScalarKind) -> Scalar {
        let bits: UInt64
        switch kind {
        case .bool:
            bits = random.next() & 1
        case .float32:
            let special: [Float] = [
                0, -0.0, 1, -1.5, 3.25e10, .infinity, -.infinity, .nan,
                .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            ]
            var value = random.chance(60) ? random.pick(special) : Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
            if value.isNaN {
                value = .nan  // a canonical quiet NaN survives Python's float round trip
            }
            bits = UInt64(value.bitPattern)
        case .float64:
            let special: [Double] = [
                0, -0.0, 1, -1.5, 3.25e100, .infinity, -.infinity, .nan,
                .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            ]
            var value = random.chance(60) ? random.pick(special) : Double(bitPattern: random.next())
            if value.isNaN {
                value = .nan
            }
            bits = value.bitPattern
        default:
            let width = UInt64(kind.size * 8)
            let mask: UInt64 = width == 64 ? .max : (1 << width) - 1
            switch random.int(0...4) {
            case 0: bits = 0
            case 1: bits = 1
            case 2: bits = mask  // -1 or the unsigned maximum
            case 3: bits = mask >> 1  // the signed maximum
            default: bits = random.next() & mask
            }
        }
        return Scalar(kind: kind, bits: bits)
    }

    private mutating func randomString() -> String {
        switch random.int(0...9) {
        case 0: return ""
        case 1: return random.pick(["é", "日本語", "🎉🚀", "e\u{301}", "Ünïcödé ✓", "a\u{0}b"])
        case 2:
            // Long enough to make the buffer grow.
            return String(repeating: random.pick(["x", "yz", "ü"]), count: random.int(100...700))
        default:
            let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789 _-")
            return String((0..<random.int(1...40)).map { _ in random.pick(letters) })
        }
    }

    private mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, random.int(0...index))
        }
    }
}

// MARK: - Running sequences in Swift and writing them for Python

private enum ReplayScript {
    /// Runs `sequence` with `FlatBufferBuilder`.
    static func replay(_ sequence: ReplaySequence) -> [UInt8] {
        var b = FlatBufferBuilder(initialCapacity: sequence.initialCapacity)
        var results: [FlatBufferOffset] = []
        func ref(_ index: Int) -> FlatBufferOffset {
            index < 0 ? .null : results[index]
        }
        for op in sequence.ops {
            switch op {
            case .forceDefaults(let force):
                b.forceDefaults = force
            case .startTable(let fieldCount):
                b.startTable(fieldCount: fieldCount)
            case .scalarSlot(let slot, let value, let defaultValue):
                addScalar(&b, slot: slot, value.kind, value.bits, defaultValue.bits)
            case .offsetSlot(let slot, let index):
                b.addOffset(field: slot, ref(index))
            case .structSlot(let slot, let spec):
                b.addStruct(field: slot, size: spec.size, alignment: spec.alignment) { b in
                    writeStructItems(&b, spec)
                }
            case .endTable:
                results.append(b.endTable())
            case .string(let string):
                results.append(b.createString(string))
            case .bytes(let data, let alignment):
                results.append(b.createByteVector(data, alignment: alignment))
            case .scalarVector(let kind, let values):
                results.append(createVector(&b, kind, values))
            case .offsetVector(let indices):
                results.append(b.createVector(of: indices.map(ref)))
            case .structVector(let elementSize, let alignment, let specs):
                b.startVector(elementSize: elementSize, count: specs.count, alignment: alignment)
                for spec in specs.reversed() {
                    b.prependStruct(size: spec.size, alignment: spec.alignment) { b in
                        writeStructItems(&b, spec)
                    }
                }
                results.append(b.endVector(count: specs.count))
            case .finish(let index, let fileIdentifier, let sizePrefixed):
                b.finish(root: ref(index), fileIdentifier: fileIdentifier, sizePrefixed: sizePrefixed)
            }
        }
        return b.finishedBytes
    }

    private static func addScalar(
        _ b: inout FlatBufferBuilder, slot: Int, _ kind: ScalarKind,
        _ bits: UInt64, _ defaultBits: UInt64
    ) {
        switch kind {
        case .bool: b.add(field: slot, bits != 0, default: defaultBits != 0)
        case .int8: b.add(field: slot, Int8(truncatingIfNeeded: bits), default: Int8(truncatingIfNeeded: defaultBits))
        case .uint8: b.add(field: slot, UInt8(truncatingIfNeeded: bits), default: UInt8(truncatingIfNeeded: defaultBits))
        case .int16: b.add(field: slot, Int16(truncatingIfNeeded: bits), default: Int16(truncatingIfNeeded: defaultBits))
        case .uint16:
            b.add(field: slot, UInt16(truncatingIfNeeded: bits), default: UInt16(truncatingIfNeeded: defaultBits))
        case .int32: b.add(field: slot, Int32(truncatingIfNeeded: bits), default: Int32(truncatingIfNeeded: defaultBits))
        case .uint32:
            b.add(field: slot, UInt32(truncatingIfNeeded: bits), default: UInt32(truncatingIfNeeded: defaultBits))
        case .int64: b.add(field: slot, Int64(bitPattern: bits), default: Int64(bitPattern: defaultBits))
        case .uint64: b.add(field: slot, bits, default: defaultBits)
        case .float32:
            b.add(
                field: slot, Float(bitPattern: UInt32(truncatingIfNeeded: bits)),
                default: Float(bitPattern: UInt32(truncatingIfNeeded: defaultBits)))
        case .float64: b.add(field: slot, Double(bitPattern: bits), default: Double(bitPattern: defaultBits))
        }
    }

    private static func prependScalar(_ b: inout FlatBufferBuilder, _ value: Scalar) {
        let bits = value.bits
        switch value.kind {
        case .bool: b.prepend(bits != 0)
        case .int8: b.prepend(Int8(truncatingIfNeeded: bits))
        case .uint8: b.prepend(UInt8(truncatingIfNeeded: bits))
        case .int16: b.prepend(Int16(truncatingIfNeeded: bits))
        case .uint16: b.prepend(UInt16(truncatingIfNeeded: bits))
        case .int32: b.prepend(Int32(truncatingIfNeeded: bits))
        case .uint32: b.prepend(UInt32(truncatingIfNeeded: bits))
        case .int64: b.prepend(Int64(bitPattern: bits))
        case .uint64: b.prepend(bits)
        case .float32: b.prepend(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .float64: b.prepend(Double(bitPattern: bits))
        }
    }

    private static func createVector(
        _ b: inout FlatBufferBuilder, _ kind: ScalarKind,
        _ values: [UInt64]
    ) -> FlatBufferOffset {
        switch kind {
        case .bool: b.createVector(values.map { $0 != 0 })
        case .int8: b.createVector(values.map { Int8(truncatingIfNeeded: $0) })
        case .uint8: b.createVector(values.map { UInt8(truncatingIfNeeded: $0) })
        case .int16: b.createVector(values.map { Int16(truncatingIfNeeded: $0) })
        case .uint16: b.createVector(values.map { UInt16(truncatingIfNeeded: $0) })
        case .int32: b.createVector(values.map { Int32(truncatingIfNeeded: $0) })
        case .uint32: b.createVector(values.map { UInt32(truncatingIfNeeded: $0) })
        case .int64: b.createVector(values.map { Int64(bitPattern: $0) })
        case .uint64: b.createVector(values)
        case .float32: b.createVector(values.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) })
        case .float64: b.createVector(values.map { Double(bitPattern: $0) })
        }
    }

    private static func writeStructItems(_ b: inout FlatBufferBuilder, _ spec: StructSpec) {
        for item in spec.items {
            switch item {
            case .pad(let count): b.pad(count)
            case .scalar(let value): prependScalar(&b, value)
            }
        }
    }

    // MARK: JSON for flatbuffers_replay.py

    static func json(_ sequences: [ReplaySequence]) -> String {
        var out = "{\"sequences\": ["
        for (index, sequence) in sequences.enumerated() {
            if index > 0 { out += ",\n" }
            out += "{\"initialCapacity\": \(sequence.initialCapacity), \"ops\": ["
            out += sequence.ops.map(json).joined(separator: ", ")
            out += "]}"
        }
        out += "]}\n"
        return out
    }

    private static func json(_ op: ReplayOp) -> String {
        let name = "\"\(op.name)\""
        switch op {
        case .forceDefaults(let force):
            return "[\(name), \(force)]"
        case .startTable(let fieldCount):
            return "[\(name), \(fieldCount)]"
        case .scalarSlot(let slot, let value, let defaultValue):
            return "[\(name), \"\(value.kind.rawValue)\", \(slot), \(value.bits), \(defaultValue.bits)]"
        case .offsetSlot(let slot, let ref):
            return "[\(name), \(slot), \(ref)]"
        case .structSlot(let slot, let spec):
            return "[\(name), \(slot), \(json(spec))]"
        case .endTable:
            return "[\(name)]"
        case .string(let string):
            return "[\(name), \"\(hex(Array(string.utf8)))\"]"
        case .bytes(let data, let alignment):
            return "[\(name), \"\(hex(data))\", \(alignment)]"
        case .scalarVector(let kind, let values):
            return "[\(name), \"\(kind.rawValue)\", [\(values.map(String.init).joined(separator: ", "))]]"
        case .offsetVector(let refs):
            return "[\(name), [\(refs.map(String.init).joined(separator: ", "))]]"
        case .structVector(let elementSize, let alignment, let specs):
            return "[\(name), \(elementSize), \(alignment), [\(specs.map(json).joined(separator: ", "))]]"
        case .finish(let ref, let fileIdentifier, let sizePrefixed):
            let identifier = fileIdentifier.map { "\"\(hex(Array($0.utf8)))\"" } ?? "null"
            return "[\(name), \(ref), \(identifier), \(sizePrefixed)]"
        }
    }

    private static func json(_ spec: StructSpec) -> String {
        let items = spec.items.map { item -> String in
            switch item {
            case .pad(let count): "[\"pad\", \(count)]"
            case .scalar(let value): "[\"scalar\", \"\(value.kind.rawValue)\", \(value.bits)]"
            }
        }
        return "[\(spec.alignment), \(spec.size), [\(items.joined(separator: ", "))]]"
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The sequence as its JSON operations, one per line, for failure reports.
    static func describe(_ sequence: ReplaySequence) -> String {
        "initialCapacity \(sequence.initialCapacity)\n" + sequence.ops.map(json).joined(separator: "\n")
    }

    /// How often each kind of operation occurs, to show what was covered.
    static func coverage(_ sequences: [ReplaySequence]) -> String {
        var counts: [String: Int] = [:]
        for sequence in sequences {
            for op in sequence.ops {
                counts[op.name, default: 0] += 1
                switch op {
                case .scalarVector(_, let values) where values.isEmpty: counts["emptyScalarVector", default: 0] += 1
                case .structVector(_, _, let specs) where specs.isEmpty: counts["emptyStructVector", default: 0] += 1
                case .offsetSlot(_, let ref) where ref < 0: counts["nullOffsetSlot", default: 0] += 1
                case .finish(_, let identifier, let prefixed):
                    if identifier != nil { counts["fileIdentifier", default: 0] += 1 }
                    if prefixed { counts["sizePrefixed", default: 0] += 1 }
                default: break
                }
            }
        }
        return counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
