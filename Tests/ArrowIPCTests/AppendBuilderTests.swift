import ArrowIPC
import ArrowTestSupport
import XCTest

/// Arrays filled row by row have the same bytes as the bulk builders' (which
/// `BuilderTests` compares with pyarrow's).
final class AppendBuilderTests: XCTestCase {
    var rng = SplitMix64(seed: 0xB01D)

    func randomOptionals<T>(_ count: Int, nullEvery: Int = 4, _ make: (inout SplitMix64) -> T) -> [T?] {
        (0..<count).map { _ in Int.random(in: 0..<nullEvery, using: &rng) == 0 ? nil : make(&rng) }
    }

    func checkPrimitive<T: PrimitiveBuilderValue & FixedWidthInteger>(_: T.Type, bulk: ([T?]) -> ArrayData) throws {
        for count in [0, 1, 7, 8, 9, 100] {
            for nullEvery in [1, 3, 1_000_000] {
                let values = randomOptionals(count, nullEvery: nullEvery) { T.random(in: .min ... .max, using: &$0) }
                let b = PrimitiveArrayBuilder<T>()
                for v in values { b.append(v) }
                XCTAssertEqual(b.count, count)
                assertIdentical(try b.finish(), bulk(values), "\(T.self) \(count) null 1/\(nullEvery)")
                XCTAssertEqual(b.count, 0, "finish starts afresh")
            }
        }
    }

    func testPrimitivesMatchTheBulkBuilders() throws {
        try checkPrimitive(Int8.self) { ArrayData($0) }
        try checkPrimitive(Int16.self) { ArrayData($0) }
        try checkPrimitive(Int32.self) { ArrayData($0) }
        try checkPrimitive(Int64.self) { ArrayData($0) }
        try checkPrimitive(UInt8.self) { ArrayData($0) }
        try checkPrimitive(UInt16.self) { ArrayData($0) }
        try checkPrimitive(UInt32.self) { ArrayData($0) }
        try checkPrimitive(UInt64.self) { ArrayData($0) }
        try checkPrimitive(Int.self) { ArrayData($0) }
        try checkPrimitive(UInt.self) { ArrayData($0) }

        let doubles = randomOptionals(50) { Double(bitPattern: UInt64.random(in: .min ... .max, using: &$0)) } + [.nan, -0.0, .infinity]
        let d = PrimitiveArrayBuilder<Double>()
        for v in doubles { d.append(v) }
        assertIdentical(try d.finish(), ArrayData(doubles), "float64")
        let floats = randomOptionals(50) { Float(bitPattern: UInt32.random(in: .min ... .max, using: &$0)) }
        let f = PrimitiveArrayBuilder<Float>()
        for v in floats { f.append(v) }
        assertIdentical(try f.finish(), ArrayData(floats), "float32")

        let bools = randomOptionals(77) { Bool.random(using: &$0) }
        let b = BooleanArrayBuilder()
        for v in bools { b.append(v) }
        assertIdentical(try b.finish(), ArrayData(bools), "bool")

        for type: ArrowType in [.timestamp(.microsecond, timezone: "UTC"), .date64, .duration(.second), .time64(.nanosecond)] {
            let values = randomOptionals(40) { Int64.random(in: .min ... .max, using: &$0) }
            let t = try PrimitiveArrayBuilder<Int64>(type: type)
            for v in values { t.append(v) }
            assertIdentical(try t.finish(), try ArrayData.primitive(values, type: type), "\(type)")
        }
        let days = randomOptionals(40) { Int32.random(in: .min ... .max, using: &$0) }
        let dates = try PrimitiveArrayBuilder<Int32>(type: .date32)
        for v in days { dates.append(v) }
        assertIdentical(try dates.finish(), try ArrayData.primitive(days, type: .date32), "date32")
        XCTAssertThrowsError(try PrimitiveArrayBuilder<Int32>(type: .int64))
        XCTAssertThrowsError(try PrimitiveArrayBuilder<UInt8>(type: .bool))
    }

    func testStringsAndBinariesMatchTheBulkBuilders() throws {
        let alphabet = Array("aé€😀 xyz")
        for count in [0, 1, 9, 60] {
            let strings = randomOptionals(count) { r in String((0..<Int.random(in: 0...6, using: &r)).map { _ in alphabet.randomElement(using: &r)! }) }
            let utf8 = BinaryArrayBuilder()
            let large = try BinaryArrayBuilder(type: .largeUtf8)
            for s in strings {
                try utf8.append(s)
                try large.append(s)
            }
            assertIdentical(try utf8.finish(), try ArrayData.utf8(strings), "utf8 \(count)")
            assertIdentical(try large.finish(), try ArrayData.largeUtf8(strings), "large utf8 \(count)")

            let blobs = randomOptionals(count) { r in (0..<Int.random(in: 0...9, using: &r)).map { _ in UInt8.random(in: 0...255, using: &r) } }
            let binary = try BinaryArrayBuilder(type: .binary)
            let largeBinary = try BinaryArrayBuilder(type: .largeBinary)
            for v in blobs {
                if let v {
                    try binary.append(v)
                    try largeBinary.append(v[...])
                } else {
                    binary.appendNull()
                    largeBinary.appendNull()
                }
            }
            assertIdentical(try binary.finish(), try ArrayData.binary(blobs), "binary \(count)")
            assertIdentical(try largeBinary.finish(), try ArrayData.largeBinary(blobs), "large binary \(count)")

            let fixed = randomOptionals(count) { r in (0..<5).map { _ in UInt8.random(in: 0...255, using: &r) } }
            let fb = try FixedSizeBinaryArrayBuilder(width: 5)
            for v in fixed { if let v { try fb.append(v) } else { fb.appendNull() } }
            assertIdentical(try fb.finish(), try ArrayData.fixedSizeBinary(width: 5, fixed), "fixed-size binary \(count)")
        }
        XCTAssertThrowsError(try FixedSizeBinaryArrayBuilder(width: 2).append([1, 2, 3]))
        XCTAssertThrowsError(try BinaryArrayBuilder(type: .int32))
    }

    func testListsMatchTheBulkBuilders() throws {
        for large in [false, true] {
            let lists = randomOptionals(50) { r in (0..<Int.random(in: 0...4, using: &r)).map { _ in Int32?(Int32.random(in: -9...9, using: &r)) } }
            let b = ListArrayBuilder(values: PrimitiveArrayBuilder<Int32>(), layout: large ? .largeList : .list)
            for list in lists {
                guard let list else {
                    b.appendNull()
                    continue
                }
                for v in list { b.values.append(v) }
                try b.append()
            }
            let bulk = large ? try ArrayData.largeList(lists) : try ArrayData.list(lists)
            assertIdentical(try b.finish(), bulk, "list large=\(large)")
        }
        // Lists of lists of strings.
        let nested: [[[String?]?]?] = [[["a", nil], nil, []], nil, [], [["b"]]]
        let inner = ListArrayBuilder(values: BinaryArrayBuilder())
        let outer = ListArrayBuilder(values: inner)
        var innerLengths: [Int?] = []
        var strings: [String?] = []
        var outerLengths: [Int?] = []
        for o in nested {
            guard let o else {
                outer.appendNull()
                outerLengths.append(nil)
                continue
            }
            for i in o {
                if let i {
                    for s in i { try inner.values.append(s) }
                    try inner.append()
                    strings += i
                    innerLengths.append(i.count)
                } else {
                    inner.appendNull()
                    innerLengths.append(nil)
                }
            }
            try outer.append()
            outerLengths.append(o.count)
        }
        let bulkInner = try ArrayData.list(lengths: innerLengths, values: try ArrayData.utf8(strings))
        assertIdentical(try outer.finish(), try ArrayData.list(lengths: outerLengths, values: bulkInner), "list<list<utf8>>")

        let unclosed = ListArrayBuilder(values: PrimitiveArrayBuilder<Int8>())
        unclosed.values.append(1)
        XCTAssertThrowsError(try unclosed.finish())
        XCTAssertEqual(unclosed.values.count, 1, "a refused finish keeps the values")
        let nullWithItems = ListArrayBuilder(values: PrimitiveArrayBuilder<Int8>())
        nullWithItems.values.append(1)
        nullWithItems.appendNull()
        XCTAssertThrowsError(try nullWithItems.finish())
    }

    func testListViewsFixedSizeListsAndMapsMatchTheBulkBuilders() throws {
        let lists = randomOptionals(30) { r in (0..<Int.random(in: 0...3, using: &r)).map { _ in Int64?(Int64.random(in: -5...5, using: &r)) } }
        let lengths = lists.map { $0?.count }
        let flat = ArrayData(lists.flatMap { $0 ?? [] })
        for layout: ListArrayBuilder<PrimitiveArrayBuilder<Int64>>.Layout in [.list, .largeList, .listView, .largeListView] {
            let b = ListArrayBuilder(values: PrimitiveArrayBuilder<Int64>(), layout: layout)
            for list in lists {
                guard let list else {
                    b.appendNull()
                    continue
                }
                for v in list { b.values.append(v) }
                try b.append()
            }
            let bulk: ArrayData
            switch layout {
            case .list: bulk = try .list(lengths: lengths, values: flat)
            case .largeList: bulk = try .largeList(lengths: lengths, values: flat)
            case .listView: bulk = try .listView(lengths: lengths, values: flat)
            case .largeListView: bulk = try .largeListView(lengths: lengths, values: flat)
            }
            assertIdentical(try b.finish(), bulk, "\(layout)")
        }

        let triples = randomOptionals(20) { r in (0..<3).map { _ in Int16?(Int16.random(in: .min ... .max, using: &r)) } }
        let fixed = try FixedSizeListArrayBuilder(values: PrimitiveArrayBuilder<Int16>(), size: 3)
        for t in triples {
            guard let t else {
                fixed.appendNull()
                continue
            }
            for v in t { fixed.values.append(v) }
            try fixed.append()
        }
        // Arrow C++ appends `size` nulls to the child for a null fixed-size list.
        let children = triples.flatMap { $0 ?? [nil, nil, nil] }
        assertIdentical(
            try fixed.finish(), try .fixedSizeList(size: 3, values: ArrayData(children), validity: triples.map { $0 != nil }),
            "fixed-size list")
        let short = try FixedSizeListArrayBuilder(values: PrimitiveArrayBuilder<Int16>(), size: 2)
        short.values.append(1)
        XCTAssertThrowsError(try short.append())

        let maps = randomOptionals(25) { r in (0..<Int.random(in: 0...3, using: &r)).map { k in ("k\(k)", Double?(Double(Int.random(in: 0...9, using: &r)))) } }
        let m = MapArrayBuilder(keys: BinaryArrayBuilder(), values: PrimitiveArrayBuilder<Double>())
        for map in maps {
            guard let map else {
                m.appendNull()
                continue
            }
            for (k, v) in map {
                try m.keys.append(k)
                m.values.append(v)
            }
            try m.append()
        }
        let bulkMap = try ArrayData.map(
            keys: try .utf8(maps.flatMap { $0 ?? [] }.map { $0.0 }), values: ArrayData(maps.flatMap { $0 ?? [] }.map { $0.1 }),
            lengths: maps.map { $0?.count })
        assertIdentical(try m.finish(), bulkMap, "map")
    }

    func testViewsAndDecimalsMatchTheBulkBuilders() throws {
        let strings = randomOptionals(200) { r in String(repeating: "ab", count: Int.random(in: 0...20, using: &r)) }
        let v = try BinaryViewArrayBuilder()
        for s in strings { try v.append(s) }
        assertIdentical(try v.finish(), try .utf8View(strings), "utf8 view")
        let blobs = randomOptionals(50) { r in [UInt8](repeating: 7, count: Int.random(in: 0...40, using: &r)) }
        let bv = try BinaryViewArrayBuilder(type: .binaryView)
        for b in blobs { if let b { try bv.append(b) } else { bv.appendNull() } }
        assertIdentical(try bv.finish(), try .binaryView(blobs), "binary view")

        for bitWidth: Int32 in [32, 64, 128, 256] {
            let precision: Int32 = bitWidth == 32 ? 9 : 18
            let values = randomOptionals(40) { Int64.random(in: -999_999_999...999_999_999, using: &$0) }
            let d = try DecimalArrayBuilder(precision: precision, scale: 2, bitWidth: bitWidth)
            for value in values { if let value { try d.append(value) } else { d.appendNull() } }
            assertIdentical(try d.finish(), try .decimal(values, precision: precision, scale: 2, bitWidth: bitWidth), "decimal\(bitWidth)")
        }
        XCTAssertThrowsError(try DecimalArrayBuilder(precision: 3, scale: 0).append(1000))
        XCTAssertThrowsError(try DecimalArrayBuilder(precision: 3, scale: 0, bitWidth: 100))
    }

    func testStructsMatchTheBulkBuilders() throws {
        let ids = PrimitiveArrayBuilder<Int64>()
        let names = BinaryArrayBuilder()
        let flags = ListArrayBuilder(values: BooleanArrayBuilder())
        let s = try StructArrayBuilder(
            [Field("id", .int64, nullable: false), Field("name", .utf8), Field("flags", flags.type)],
            children: [ids, names, flags])
        var idValues: [Int64?] = []
        var nameValues: [String?] = []
        var flagLengths: [Int?] = []
        var flagValues: [Bool?] = []
        var valid: [Bool] = []
        for _ in 0..<40 {
            if Int.random(in: 0..<4, using: &rng) == 0 {
                s.appendNull()
                // What Arrow C++ puts under a null struct: empty, valid values.
                idValues.append(0)
                nameValues.append("")
                flagLengths.append(0)
                valid.append(false)
                continue
            }
            let id = Int64.random(in: .min ... .max, using: &rng)
            ids.append(id)
            idValues.append(id)
            let name: String? = Bool.random(using: &rng) ? "n\(id % 100)" : nil
            try names.append(name)
            nameValues.append(name)
            let fs = (0..<Int.random(in: 0...3, using: &rng)).map { _ in Bool?(Bool.random(using: &rng)) }
            for f in fs { flags.values.append(f) }
            try flags.append()
            flagLengths.append(fs.count)
            flagValues += fs
            s.append()
            valid.append(true)
        }
        let bulk = try ArrayData.struct(
            [
                (Field("id", .int64, nullable: false), ArrayData(idValues)),
                (Field("name", .utf8), try ArrayData.utf8(nameValues)),
                (Field("flags", flags.type), try ArrayData.list(lengths: flagLengths, values: ArrayData(flagValues))),
            ], validity: valid)
        assertIdentical(try s.finish(), bulk, "struct")

        let x = PrimitiveArrayBuilder<Double>()
        let named = StructArrayBuilder(["x": x])
        x.append(1)
        x.append(2)
        named.append()
        XCTAssertThrowsError(try named.finish(), "child lengths differ")
        XCTAssertThrowsError(try StructArrayBuilder([Field("x", .int8)], children: [x]))
    }
}
