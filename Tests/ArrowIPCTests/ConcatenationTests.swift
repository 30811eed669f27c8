import ArrowIPC
import XCTest

/// Dictionary deltas append to a dictionary: concatenation must keep every value.
final class ConcatenationTests: XCTestCase {
    private func values(_ data: ArrayData) throws -> [String] { try renderedValues(data) }

    func testConcatenatesSlicedStringsAndIntegers() throws {
        let a = try ArrayData(["a", nil, "ccc", "dd"] as [String?]).slice(offset: 1, length: 3)
        let b = try ArrayData(["", "e"] as [String?])
        let joined = try ArrayData.concatenating([a, b])
        try joined.validate(.full)
        XCTAssertEqual(try values(joined), ["null", "\"ccc\"", "\"dd\"", "\"\"", "\"e\""])
        let ints = try ArrayData.concatenating([try ArrayData([1, 2, nil] as [Int32?]).slice(offset: 1, length: 2), ArrayData([7] as [Int32?])])
        XCTAssertEqual(Array(try PrimitiveArray<Int32>(ints)), [2, nil, 7])
    }

    func testConcatenatesListsWithRebasedOffsets() throws {
        let a = try ArrayData.list([[1, 2], nil, [3]] as [[Int64?]?]).slice(offset: 1, length: 2)
        let b = try ArrayData.list([[], [4, nil]] as [[Int64?]?])
        let joined = try ArrayData.concatenating([a, b])
        try joined.validate(.full)
        XCTAssertEqual(try values(joined), ["null", "[3]", "[]", "[4, null]"])
    }

    func testConcatenatesViewsAndShiftsBufferIndexes() throws {
        let long1 = String(repeating: "x", count: 20)
        let long2 = String(repeating: "y", count: 30)
        let a = try ArrayData.utf8View([long1, "short", nil])
        let b = try ArrayData.utf8View([long2, "s"])
        let joined = try ArrayData.concatenating([a, b])
        try joined.validate(.full)
        XCTAssertEqual(Array(try StringArray(joined)), [long1, "short", nil, long2, "s"])
    }

    func testUnsupportedTypeThrows() throws {
        let u = try ArrayData.sparseUnion(typeIds: [0], children: [ArrayData([1] as [Int32?])])
        XCTAssertThrowsError(try ArrayData.concatenating([u, u])) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .unsupported)
        }
    }
}

/// `ArrayData.concatenating` on arrays a caller builds: mismatched types and
/// layouts throw, and dictionary-encoded arrays are joined as pyarrow joins them.
final class ConcatenationArgumentTests: XCTestCase {
    private func kind(_ body: @autoclosure () throws -> ArrayData) -> ArrowError.Kind? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? ArrowError)?.kind
        }
    }

    func testArraysOfDifferentTypesThrowInvalidArgument() throws {
        let ints32 = ArrayData([1, 2] as [Int32?])
        let ints64 = ArrayData([3] as [Int64?])
        XCTAssertEqual(kind(try ArrayData.concatenating([ints32, ints64])), .invalidArgument)
        let strings = try ArrayData(["a"] as [String?])
        XCTAssertEqual(kind(try ArrayData.concatenating([strings, ints32])), .invalidArgument)
        let byte = dictionaryEncoded([0], indexType: .int8, try ArrayData(["x"] as [String?]))
        let short = dictionaryEncoded([0], indexType: .int16, try ArrayData(["x"] as [String?]))
        XCTAssertEqual(kind(try ArrayData.concatenating([byte, short])), .invalidArgument)
    }

    func testHandBuiltArraysMissingBuffersOrChildrenThrow() throws {
        let valid = ArrayData([1, 2, 3] as [Int32?])
        XCTAssertEqual(kind(try ArrayData.concatenating([valid, ArrayData(type: .int32, length: 3)])), .invalidData)
        XCTAssertEqual(kind(try ArrayData.concatenating([ArrayData(type: .bool, length: 9)])), .invalidData)
        let structType = ArrowType.struct([Field("a", .int32)])
        let childless = ArrayData(type: structType, length: 1)
        XCTAssertEqual(kind(try ArrayData.concatenating([childless, childless])), .invalidData)
        let list = ArrayData(type: .list(Field("item", .int32)), length: 2)
        XCTAssertEqual(kind(try ArrayData.concatenating([list])), .invalidData)
        var noDictionary = dictionaryEncoded([0], indexType: .int8, try ArrayData(["x"] as [String?]))
        noDictionary.dictionary = nil
        XCTAssertEqual(kind(try ArrayData.concatenating([noDictionary, noDictionary])), .invalidData)
    }

    private func dictionaryEncoded(_ indices: [Int64?], indexType: ArrowType, _ dictionary: ArrayData) -> ArrayData {
        var a: ArrayData
        switch indexType {
        case .int16: a = ArrayData(indices.map { $0.map { Int16($0) } })
        default: a = ArrayData(indices.map { $0.map { Int8($0) } })
        }
        a.type = .dictionary(indexType: indexType, valueType: dictionary.type, ordered: false)
        a.dictionary = dictionary
        return a
    }

    private func indices(_ data: ArrayData) throws -> [Int?] { Array(try DictionaryArray(data)) }

    // The expected dictionaries and indices are what pyarrow's `concat_arrays` returns
    // for the same inputs, run live.
    func testDictionaryEncodedArraysAreUnifiedAsPyarrowDoes() throws {
        let script = """
            import json, struct, pyarrow as pa
            def D(idx, vals, t=None):
                return pa.DictionaryArray.from_arrays(pa.array(idx, pa.int8()), pa.array(vals, t))
            def result(r):
                return {'dictionary': r.dictionary.to_pylist(), 'indices': r.indices.to_pylist()}
            def error(arrays):
                try:
                    pa.concat_arrays(arrays)
                    return 'ok'
                except Exception as e:
                    return type(e).__name__
            out = {}
            out['strings'] = result(pa.concat_arrays([D([0, 1, 0], ['x', 'y']), D([1, None, 0], ['z', 'x', 'w']),
                                                      D([0, 1, 2], ['y', 'q', 'x']).slice(1, 2)]))
            out['duplicates'] = result(pa.concat_arrays([D([0, 1], ['x', 'x']), D([0], ['y'])]))
            out['equal'] = result(pa.concat_arrays([D([0, 1], ['x', 'x']), D([1, 0], ['x', 'x'])]))
            f = pa.concat_arrays([D([0, 1, 2], [0.0, float('nan'), -0.0], pa.float64()), D([0, 1], [float('nan'), 0.0], pa.float64())])
            out['floats'] = {'dictionary': [struct.unpack('<Q', struct.pack('<d', v))[0] for v in f.dictionary.to_pylist()],
                             'indices': f.indices.to_pylist()}
            out['overflow'] = error([D([0], [str(i) for i in range(100)]), D([0], [str(i) for i in range(100, 200)])])
            out['lists'] = error([D([0], [[1]]), D([0], [[2]])])
            out['nulls'] = error([D([0], ['x', None]), D([0], ['y'])])
            print(json.dumps(out))
            """
        let output = try pythonJSON(script)
        let expected = try XCTUnwrap(output as? [String: Any])
        func expectation(_ name: String) throws -> ([Any], [Int?]) {
            let r = try XCTUnwrap(expected[name] as? [String: Any])
            let dictionary = try XCTUnwrap(r["dictionary"] as? [Any])
            let indices = try XCTUnwrap(r["indices"] as? [Any]).map { $0 as? Int }
            return (dictionary, indices)
        }
        func strings(_ values: [String?]) throws -> ArrayData { try ArrayData(values) }

        let strings3 = try ArrayData.concatenating([
            dictionaryEncoded([0, 1, 0], indexType: .int8, try strings(["x", "y"])),
            dictionaryEncoded([1, nil, 0], indexType: .int8, try strings(["z", "x", "w"])),
            try dictionaryEncoded([0, 1, 2], indexType: .int8, try strings(["y", "q", "x"])).slice(offset: 1, length: 2),
        ])
        try strings3.validate(.full)
        var (dictionary, expectedIndices) = try expectation("strings")
        XCTAssertEqual(Array(try StringArray(try XCTUnwrap(strings3.dictionary))), dictionary.map { $0 as? String })
        XCTAssertEqual(try indices(strings3), expectedIndices)

        let duplicates = try ArrayData.concatenating([
            dictionaryEncoded([0, 1], indexType: .int8, try strings(["x", "x"])),
            dictionaryEncoded([0], indexType: .int8, try strings(["y"])),
        ])
        (dictionary, expectedIndices) = try expectation("duplicates")
        XCTAssertEqual(Array(try StringArray(try XCTUnwrap(duplicates.dictionary))), dictionary.map { $0 as? String })
        XCTAssertEqual(try indices(duplicates), expectedIndices)

        let first = dictionaryEncoded([0, 1], indexType: .int8, try strings(["x", "x"]))
        let equal = try ArrayData.concatenating([first, dictionaryEncoded([1, 0], indexType: .int8, try strings(["x", "x"]))])
        (dictionary, expectedIndices) = try expectation("equal")
        XCTAssertEqual(Array(try StringArray(try XCTUnwrap(equal.dictionary))), dictionary.map { $0 as? String })
        XCTAssertEqual(try indices(equal), expectedIndices)
        XCTAssertTrue(try XCTUnwrap(equal.dictionary).isIdentical(to: try XCTUnwrap(first.dictionary)), "an equal dictionary is kept as it is")

        let floats = try ArrayData.concatenating([
            dictionaryEncoded([0, 1, 2], indexType: .int8, ArrayData([0.0, Double.nan, -0.0] as [Double?])),
            dictionaryEncoded([0, 1], indexType: .int8, ArrayData([Double.nan, 0.0] as [Double?])),
        ])
        (dictionary, expectedIndices) = try expectation("floats")
        XCTAssertEqual(
            Array(try PrimitiveArray<Double>(try XCTUnwrap(floats.dictionary))).map { $0?.bitPattern },
            dictionary.map { ($0 as? NSNumber)?.uint64Value })
        XCTAssertEqual(try indices(floats), expectedIndices)

        XCTAssertEqual(expected["overflow"] as? String, "ArrowInvalid")
        let hundred = { (base: Int) throws -> ArrayData in
            try strings((base..<base + 100).map { String($0) })
        }
        XCTAssertEqual(
            kind(
                try ArrayData.concatenating([
                    dictionaryEncoded([0], indexType: .int8, try hundred(0)),
                    dictionaryEncoded([0], indexType: .int8, try hundred(100)),
                ])), .invalidArgument)

        XCTAssertEqual(expected["lists"] as? String, "ArrowNotImplementedError")
        let lists = { (v: Int64) throws -> ArrayData in try ArrayData.list([[v]] as [[Int64?]?]) }
        XCTAssertEqual(
            kind(
                try ArrayData.concatenating([
                    dictionaryEncoded([0], indexType: .int8, try lists(1)),
                    dictionaryEncoded([0], indexType: .int8, try lists(2)),
                ])), .unsupported)

        XCTAssertEqual(expected["nulls"] as? String, "ArrowInvalid")
        XCTAssertEqual(
            kind(
                try ArrayData.concatenating([
                    dictionaryEncoded([0], indexType: .int8, try strings(["x", nil])),
                    dictionaryEncoded([0], indexType: .int8, try strings(["y"])),
                ])), .unsupported)
    }
}
