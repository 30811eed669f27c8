import ArrowTestSupport
import FlamePickle
import Foundation
import XCTest

/// Hostile and broken pickles give a thrown `PickleError` naming what and where;
/// nothing traps, hangs, runs or allocates more than the input justifies.
final class PickleMalformedInputTests: XCTestCase {
    private func decodeError(
        _ bytes: [UInt8], limits: PickleLimits = .default,
        file: StaticString = #filePath, line: UInt = #line
    ) -> PickleError? {
        do {
            let value = try PickleReader(limits: limits).decode(bytes)
            XCTFail("decoded to \(value)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    /// Pickles CPython wrote that name code to run or types outside plain data.
    func testPythonMadeHostilePicklesAreRefusedByName() throws {
        let data = try Data(contentsOf: PickleFixtures.directory.appendingPathComponent("manifest.json"))
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let refused = try XCTUnwrap(root["refused"] as? [[String: String]])
        XCTAssertGreaterThanOrEqual(refused.count, 16)
        for entry in refused {
            let name = try XCTUnwrap(entry["name"])
            let phrase = try XCTUnwrap(entry["error_contains"])
            let bytes = [UInt8](try Data(contentsOf: PickleFixtures.directory.appendingPathComponent(try XCTUnwrap(entry["path"]))))
            guard let error = decodeError(bytes) else { continue }
            XCTAssertTrue(error.description.contains(phrase), "\(name): \(error)")
        }
    }

    func testGlobalOsSystemIsNamedWithItsOffsetAndOpcode() throws {
        // Protocol 0: GLOBAL 'os system', then a call.
        let bytes = Array("cos\nsystem\n(S'ls'\ntR.".utf8)
        let error = try XCTUnwrap(decodeError(bytes))
        XCTAssertEqual(error.offset, 0)
        XCTAssertEqual(error.opcode, "GLOBAL")
        XCTAssertTrue(error.message.contains("'os.system'"), error.message)
        // Protocol 4: STACK_GLOBAL of two strings after a PROTO.
        let stacked: [UInt8] = [0x80, 4, 0x8C, 2] + Array("os".utf8) + [0x8C, 6] + Array("system".utf8) + [0x93, 0x2E]
        let second = try XCTUnwrap(decodeError(stacked))
        XCTAssertEqual(second.offset, 14)
        XCTAssertEqual(second.opcode, "STACK_GLOBAL")
        XCTAssertTrue(second.message.contains("'os.system'"), second.message)
    }

    func testEveryTruncationOfSmallFixturesIsAnError() throws {
        let fixtures = try PickleFixtures.load()
        var prefixes = 0
        for fixture in fixtures.cases {
            let bytes = try fixtures.bytes(fixture)
            guard bytes.count <= 1500 else { continue }
            for length in 0..<bytes.count {
                XCTAssertThrowsError(try PickleReader().decode(bytes[0..<length]), "\(fixture.name) cut at \(length)")
                prefixes += 1
            }
        }
        XCTAssertGreaterThan(prefixes, 20000)
    }

    func testUnknownOpcode() throws {
        let error = try XCTUnwrap(decodeError([0x80, 5, 0xFF, 0x2E]))
        XCTAssertEqual(error.offset, 2)
        XCTAssertTrue(error.message.contains("0xff"), error.message)
    }

    func testUnsupportedProtocol() throws {
        let error = try XCTUnwrap(decodeError([0x80, 6, 0x4E, 0x2E]))
        XCTAssertEqual(error.opcode, "PROTO")
    }

    func testHugeClaimedLengthsFailBeforeAllocating() throws {
        let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
        for opcode: UInt8 in [0x8E, 0x8D, 0x96] {  // BINBYTES8, BINUNICODE8, BYTEARRAY8
            let error = try XCTUnwrap(decodeError([0x80, 5, opcode] + huge + [0x2E]))
            XCTAssertEqual(error.offset, 2)
            XCTAssertTrue(error.message.contains("truncated"), error.message)
        }
        for opcode: UInt8 in [0x42, 0x58, 0x54] {  // BINBYTES, BINUNICODE, BINSTRING
            XCTAssertNotNil(decodeError([0x80, 5, opcode, 0xFF, 0xFF, 0xFF, 0x7F, 0x2E]))
        }
        XCTAssertNotNil(decodeError([0x80, 5, 0x8B, 0xFF, 0xFF, 0xFF, 0x7F, 0x2E]))  // LONG4
        XCTAssertNotNil(decodeError([0x80, 5, 0x8B, 0xFF, 0xFF, 0xFF, 0xFF, 0x2E]))  // LONG4, negative count
        let frame = try XCTUnwrap(decodeError([0x80, 5, 0x95] + huge + [0x4E, 0x2E]))
        XCTAssertEqual(frame.opcode, "FRAME")
    }

    func testOpcodeStraddlingAFrameEnd() throws {
        // FRAME of 3 bytes, then SHORT_BINUNICODE 'ab' whose text starts inside it and ends outside
        // (Python's unpickler: "pickle exhausted before end of frame").
        let bytes: [UInt8] = [0x80, 4, 0x95, 3, 0, 0, 0, 0, 0, 0, 0, 0x8C, 2, 0x61, 0x62, 0x2E]
        let error = try XCTUnwrap(decodeError(bytes))
        XCTAssertTrue(error.message.contains("frame"), error.message)
    }

    func testMemoIndexOutOfRange() throws {
        let error = try XCTUnwrap(decodeError([0x80, 5, 0x4E, 0x94, 0x68, 5, 0x2E]))  // NONE MEMOIZE BINGET 5
        XCTAssertEqual(error.offset, 4)
        XCTAssertEqual(error.opcode, "BINGET")
        XCTAssertNotNil(decodeError([0x80, 5, 0x6A, 1, 0, 0, 0, 0x2E]))  // LONG_BINGET 1
        XCTAssertNotNil(decodeError(Array("g7\n.".utf8)))  // GET 7
        XCTAssertNotNil(decodeError([0x80, 5, 0x94, 0x2E]))  // MEMOIZE with nothing on the stack
    }

    func testStackUnderflow() throws {
        XCTAssertEqual(decodeError([0x2E])?.opcode, "STOP")
        XCTAssertEqual(decodeError([0x80, 5, 0x4B, 1, 0x61, 0x2E])?.opcode, "APPEND")
        XCTAssertEqual(decodeError([0x80, 5, 0x4E, 0x4E, 0x87, 0x2E])?.opcode, "TUPLE3")
        XCTAssertEqual(decodeError([0x80, 5, 0x74, 0x2E])?.opcode, "TUPLE")  // no MARK
        XCTAssertEqual(decodeError([0x80, 5, 0x7D, 0x4E, 0x73, 0x2E])?.opcode, "SETITEM")
        // Items below a MARK are out of reach: MARK then APPEND.
        XCTAssertEqual(decodeError([0x80, 5, 0x5D, 0x28, 0x61, 0x2E])?.opcode, "APPEND")
        XCTAssertEqual(decodeError([0x80, 5, 0x28, 0x2E])?.opcode, "STOP")
    }

    func testWrongTargetsAndOddCounts() throws {
        XCTAssertNotNil(decodeError([0x80, 5, 0x4E, 0x4B, 1, 0x61, 0x2E]))  // APPEND to None
        XCTAssertNotNil(decodeError([0x80, 5, 0x7D, 0x28, 0x4E, 0x75, 0x2E]))  // SETITEMS, odd count
        XCTAssertNotNil(decodeError([0x80, 5, 0x5D, 0x28, 0x4E, 0x90, 0x2E]))  // ADDITEMS to a list
        XCTAssertNotNil(decodeError([0x80, 5, 0x4E, 0x4E, 0x62, 0x2E]))  // BUILD on None
        XCTAssertNotNil(decodeError([0x80, 5, 0x4E, 0x29, 0x52, 0x2E]))  // REDUCE on None
    }

    func testUnhashableKeysAndRecursion() throws {
        // EMPTY_DICT, EMPTY_LIST (key), BININT1 1, SETITEM.
        let key = try XCTUnwrap(decodeError([0x80, 5, 0x7D, 0x5D, 0x4B, 1, 0x73, 0x2E]))
        XCTAssertTrue(key.message.contains("unhashable"), key.message)
        // EMPTY_LIST MEMOIZE BINGET 0 APPEND: a list that contains itself.
        let loop = try XCTUnwrap(decodeError([0x80, 5, 0x5D, 0x94, 0x68, 0, 0x61, 0x2E]))
        XCTAssertTrue(loop.message.contains("recursive"), loop.message)
    }

    func testDeepNestingStopsAtTheLimit() throws {
        let depth = 100_000
        var bytes: [UInt8] = [0x80, 5]
        bytes += Array(repeating: 0x5D, count: depth)  // EMPTY_LIST x depth
        bytes += Array(repeating: 0x61, count: depth - 1)  // APPEND each into the one below
        bytes.append(0x2E)
        let error = try XCTUnwrap(decodeError(bytes))
        XCTAssertTrue(error.message.contains("nesting deeper than 512"), error.message)
        // Within the limit the same shape decodes.
        var shallow: [UInt8] = [0x80, 5] + Array(repeating: 0x5D, count: 100) + Array(repeating: 0x61, count: 99)
        shallow.append(0x2E)
        var value = try PickleReader().decode(shallow)
        var levels = 1
        while case .list(let items) = value, let first = items.first {
            value = first
            levels += 1
        }
        XCTAssertEqual(levels, 100)
    }

    func testSharedSubtreesCannotExplode() throws {
        // Level i is a list holding level i-1 twice: 2^40 values if expanded.
        var bytes: [UInt8] = [0x80, 5, 0x5D, 0x94]
        for level in 1...40 {
            bytes += [0x5D, 0x94, 0x28, 0x6A] + le32(level - 1) + [0x6A] + le32(level - 1) + [0x65]
        }
        bytes.append(0x2E)
        let error = try XCTUnwrap(decodeError(bytes))
        XCTAssertTrue(error.message.contains("values"), error.message)
        // With a small budget the same structure at 4 levels (31 values) fails, at a big one it decodes.
        var small: [UInt8] = [0x80, 5, 0x5D, 0x94]
        for level in 1...4 {
            small += [0x5D, 0x94, 0x28, 0x6A] + le32(level - 1) + [0x6A] + le32(level - 1) + [0x65]
        }
        small.append(0x2E)
        XCTAssertNotNil(decodeError(small, limits: PickleLimits(maxValueCount: 30)))
        XCTAssertNoThrow(try PickleReader(limits: PickleLimits(maxValueCount: 31)).decode(small))
    }

    func testStackAndMemoLimits() throws {
        let marks = [UInt8](repeating: 0x28, count: 100) + [0x2E]
        XCTAssertTrue(decodeError(marks, limits: PickleLimits(maxStackSize: 50))?.message.contains("stack") ?? false)
        var memo: [UInt8] = [0x80, 5, 0x4E]
        memo += [UInt8](repeating: 0x94, count: 100)
        memo.append(0x2E)
        XCTAssertTrue(decodeError(memo, limits: PickleLimits(maxMemoSize: 10))?.message.contains("memo") ?? false)
        XCTAssertNoThrow(try PickleReader().decode(memo))
    }

    func testOutOfBandAndPersistentAndExtensionOpcodes() throws {
        XCTAssertTrue(decodeError([0x80, 5, 0x97, 0x2E])?.message.contains("out-of-band") ?? false)
        XCTAssertTrue(decodeError([0x80, 5, 0x4E, 0x98, 0x2E])?.message.contains("out-of-band") ?? false)
        XCTAssertTrue(decodeError(Array("Pid\n.".utf8))?.message.contains("persistent") ?? false)
        XCTAssertTrue(decodeError([0x80, 2, 0x82, 1, 0x2E])?.message.contains("extension") ?? false)
    }

    func testLoneSurrogateIsRefused() throws {
        // BINUNICODE of ED A0 80 (U+D800 as Python's surrogatepass writes it).
        let error = try XCTUnwrap(decodeError([0x80, 3, 0x58, 3, 0, 0, 0, 0xED, 0xA0, 0x80, 0x2E]))
        XCTAssertTrue(error.message.contains("UTF-8"), error.message)
    }

    func testNDArrayDataMustMatchItsShape() throws {
        XCTAssertThrowsError(try PickledNDArray(dtype: "<f4", shape: [2, 3], fortranOrder: false, data: [0, 0, 0, 0]))
        XCTAssertThrowsError(try PickledNDArray(dtype: "<f4", shape: [Int.max, 2], fortranOrder: false, data: []))
        XCTAssertThrowsError(try PickledNDArray(dtype: "|O8", shape: [1], fortranOrder: false, data: []))
    }

    /// What `init` checks (dtype, shape against the byte count, order) cannot
    /// be undone afterwards: none of the fields is writable from outside.
    func testNDArrayFieldsCannotBeReassigned() throws {
        let array = try PickledNDArray(dtype: "f4", shape: [2], fortranOrder: false, data: [UInt8](repeating: 0, count: 8))
        let fields: [(String, AnyKeyPath)] = [
            ("dtype", \PickledNDArray.dtype), ("shape", \PickledNDArray.shape),
            ("fortranOrder", \PickledNDArray.fortranOrder), ("data", \PickledNDArray.data),
        ]
        for (name, keyPath) in fields {
            XCTAssertFalse(keyPath is WritableKeyPath<PickledNDArray, String>, name)
            XCTAssertFalse(keyPath is WritableKeyPath<PickledNDArray, [Int]>, name)
            XCTAssertFalse(keyPath is WritableKeyPath<PickledNDArray, Bool>, name)
            XCTAssertFalse(keyPath is WritableKeyPath<PickledNDArray, [UInt8]>, name)
            XCTAssertNotNil(array[keyPath: keyPath], name)
        }
        XCTAssertEqual(array.dtype, "<f4")
    }

    private func le32(_ value: Int) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}

/// Seeded byte mutations of every small fixture: each decodes or throws a
/// `PickleError`; none traps or hangs. What decodes must also re-encode.
final class PickleMutationTests: XCTestCase {
    func testMutatedFixturesNeverTrap() throws {
        let fixtures = try PickleFixtures.load()
        var random = SplitMix64(seed: 0x5049_434B_4C45)
        var decoded = 0
        var refused = 0
        let interesting: [UInt8] = [
            0x00, 0x01, 0x28, 0x2E, 0x5D, 0x61, 0x65, 0x68, 0x71, 0x7D, 0x80, 0x8C, 0x93,
            0x94, 0x95, 0x96, 0xFF,
        ]
        for fixture in fixtures.cases {
            let original = try fixtures.bytes(fixture)
            guard original.count <= 600 else { continue }
            for _ in 0..<60 {
                var bytes = original
                for _ in 0...random.int(0...3) {
                    let at = random.int(0...(bytes.count - 1))
                    switch random.int(0...3) {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                    case 1: bytes[at] = random.pick(interesting)
                    case 2: bytes.insert(random.pick(interesting), at: at)
                    default: if bytes.count > 1 { bytes.remove(at: at) }
                    }
                }
                do {
                    let value = try PickleReader().decode(bytes)
                    _ = try PickleWriter().encode(value)
                    decoded += 1
                } catch {
                    refused += 1
                }
            }
        }
        XCTAssertGreaterThan(decoded, 100)
        XCTAssertGreaterThan(refused, 5000)
    }

    /// Python 2's protocol 2: str as SHORT_BINSTRING, unicode as BINUNICODE, long as LONG1.
    func testPythonTwoStyleStrings() throws {
        let ascii: [UInt8] = [0x80, 2, 0x55, 3] + Array("abc".utf8) + [0x71, 0, 0x2E]
        XCTAssertEqual(try PickleReader().decode(ascii), .string("abc"))
        let latin: [UInt8] = [0x80, 2, 0x55, 1, 0xE9, 0x2E]
        XCTAssertThrowsError(try PickleReader().decode(latin)) { error in
            XCTAssertTrue("\(error)".contains("ASCII"), "\(error)")
        }
        let quoted = Array("S'a\\x41\\n\\'b'\np0\n.".utf8)
        XCTAssertEqual(try PickleReader().decode(quoted), .string("aA\n'b"))
        let long: [UInt8] = [0x80, 2, 0x8A, 9, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0x2E]
        XCTAssertEqual(try PickleReader().decode(long), .bigInt(PickleBigInt(littleEndianTwosComplement: [0, 0, 0, 0, 0, 0, 0, 0x80, 0])))
    }
}

final class PickleIntegerLimitTests: XCTestCase {
    func testHugeIntegersAreBoundedByTheLimit() throws {
        func long4(_ count: Int) -> [UInt8] {
            [0x80, 5, 0x8B] + (0..<4).map { UInt8(truncatingIfNeeded: count >> (8 * $0)) }
                + [UInt8](repeating: 0x11, count: count) + [0x2E]
        }
        guard case .bigInt(let largest) = try PickleReader().decode(long4(8192)) else { return XCTFail("not a big int") }
        XCTAssertEqual(largest.description.count, 19_728)  // Python: len(str(int.from_bytes(b"\x11" * 8192, "little")))
        XCTAssertThrowsError(try PickleReader().decode(long4(8193))) { error in
            XCTAssertTrue("\(error)".contains("limit"), "\(error)")
        }
        XCTAssertNoThrow(try PickleReader(limits: PickleLimits(maxIntegerBytes: 20_000)).decode(long4(8193)))
    }
}

/// The deepest values the limits allow decode and encode on a concurrency
/// pool thread too (their stacks are smaller than the main thread's).
final class PickleDepthOnTaskTests: XCTestCase {
    func testLimitDepthWorksOffTheMainThread() async throws {
        let depth = PickleLimits.default.maxDepth
        let result = try await Task.detached { () throws -> Int in
            var bytes: [UInt8] = [0x80, 5] + Array(repeating: 0x5D, count: depth + 1)
            bytes += Array(repeating: 0x61, count: depth)
            bytes.append(0x2E)
            let value = try PickleReader().decode(bytes)
            var deep = PickleValue.none
            for _ in 0..<PickleWriter().maxDepth { deep = .list([deep]) }
            let encoded = try PickleWriter().encode(deep)
            return try PickleWriter().encode(value).count + encoded.count
        }.value
        XCTAssertGreaterThan(result, depth * 4)
    }
}
