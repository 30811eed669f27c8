import ArrowIPC
import XCTest

/// Misused builders: `finish()` checks everything before finishing any child, a
/// problem that cannot be repaired throws once and leaves every builder empty and
/// usable, and no "empty" or null value silently takes pending items.
final class AppendBuilderFinishTests: XCTestCase {
    private func kind(_ body: () throws -> ArrayData) -> ArrowError.Kind? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? ArrowError)?.kind
        }
    }

    func testNullListGivenItemsThrowsOnceThenTheBuilderIsEmptyAndUsable() throws {
        let lists = ListArrayBuilder(values: PrimitiveArrayBuilder<Int64>())
        lists.values.append(1)
        try lists.append()
        lists.values.append(2)
        lists.appendNull()
        XCTAssertEqual(kind { try lists.finish() }, .invalidArgument)
        XCTAssertEqual(lists.count, 0)
        XCTAssertEqual(lists.values.count, 0)
        lists.values.append(5)
        try lists.append()
        lists.appendNull()
        XCTAssertEqual(try renderedValues(try lists.finish()), ["[5]", "null"])
    }

    func testEmptyValueWithPendingItemsIsRefused() throws {
        let lists = ListArrayBuilder(values: PrimitiveArrayBuilder<Int64>())
        lists.values.append(7)
        lists.appendEmptyValue()
        XCTAssertEqual(kind { try lists.finish() }, .invalidArgument, "an empty value must not hold the pending item")
        XCTAssertEqual(lists.values.count, 0)
        lists.appendEmptyValue()
        XCTAssertEqual(try renderedValues(try lists.finish()), ["[]"])

        let fixed = try FixedSizeListArrayBuilder(values: PrimitiveArrayBuilder<Int64>(), size: 2)
        fixed.values.append(1)
        fixed.appendNull()
        fixed.values.append(2)
        // Four items for two lists: the counts add up, the rows would not.
        try fixed.append()
        XCTAssertEqual(kind { try fixed.finish() }, .invalidArgument, "a null fixed-size list must not cover the pending item")
        XCTAssertEqual(fixed.count, 0)
        XCTAssertEqual(fixed.values.count, 0)
    }

    func testNullOrEmptyMapWithPendingEntriesIsRefused() throws {
        for null in [true, false] {
            let maps = MapArrayBuilder(keys: BinaryArrayBuilder(), values: PrimitiveArrayBuilder<Int64>())
            try maps.keys.append("k")
            maps.values.append(1)
            if null { maps.appendNull() } else { maps.appendEmptyValue() }
            try maps.append()
            XCTAssertEqual(kind { try maps.finish() }, .invalidArgument, "the pending entry must not move to the next map")
            XCTAssertEqual(maps.count, 0)
            XCTAssertEqual(maps.keys.count, 0)
            XCTAssertEqual(maps.values.count, 0)
            try maps.keys.append("a")
            maps.values.append(3)
            try maps.append()
            maps.appendNull()
            XCTAssertEqual(try renderedValues(try maps.finish()).count, 2)
        }
    }

    func testRepairableProblemInOneChildChangesNoOtherChild() throws {
        let ids = PrimitiveArrayBuilder<Int64>()
        let tags = ListArrayBuilder(values: BinaryArrayBuilder())
        let rows = try StructArrayBuilder([Field("id", .int64), Field("tags", tags.type)], children: [ids, tags])
        ids.append(1)
        try tags.values.append("a")
        try tags.append()
        rows.append()
        try tags.values.append("pending")
        XCTAssertEqual(kind { try rows.finish() }, .invalidArgument)
        XCTAssertEqual(ids.count, 1, "the first child must not be finished when a later one refuses")
        XCTAssertEqual(rows.count, 1)
        try tags.values.append("b")
        ids.append(2)
        try tags.append()
        rows.append()
        XCTAssertEqual(try renderedValues(try rows.finish()).count, 2)
    }

    func testUnrepairableProblemInAChildEmptiesEveryBuilder() throws {
        let ids = PrimitiveArrayBuilder<Int64>()
        let lists = ListArrayBuilder(values: PrimitiveArrayBuilder<Int64>())
        let rows = try StructArrayBuilder([Field("id", .int64), Field("l", lists.type)], children: [ids, lists])
        ids.append(1)
        lists.values.append(9)
        lists.appendNull()
        rows.append()
        let error = try XCTUnwrap(
            { () -> ArrowError? in
                do {
                    _ = try rows.finish()
                    return nil
                } catch { return error as? ArrowError }
            }())
        XCTAssertEqual(error.kind, .invalidArgument)
        XCTAssertEqual(error.fieldPath, "l")
        XCTAssertEqual([rows.count, ids.count, lists.count, lists.values.count], [0, 0, 0, 0])
        ids.append(2)
        lists.appendNull()
        rows.append()
        let finished = try rows.finish()
        XCTAssertEqual(finished.length, 1)
        XCTAssertEqual(try renderedValues(finished.children[1]), ["null"])
    }

    func testNullMapKeyIsFoundBeforeAnyChildIsFinished() throws {
        let ids = PrimitiveArrayBuilder<Int64>()
        let maps = MapArrayBuilder(keys: BinaryArrayBuilder(), values: PrimitiveArrayBuilder<Int64>())
        let rows = try StructArrayBuilder([Field("id", .int64), Field("m", maps.type)], children: [ids, maps])
        ids.append(1)
        maps.keys.appendNull()
        maps.values.append(1)
        try maps.append()
        rows.append()
        XCTAssertEqual(kind { try rows.finish() }, .invalidArgument)
        XCTAssertEqual(
            [rows.count, ids.count, maps.count, maps.keys.count, maps.values.count], [0, 0, 0, 0, 0],
            "every builder is empty, none keeps rows the others dropped")
        ids.append(2)
        try maps.keys.append("k")
        maps.values.append(4)
        try maps.append()
        rows.append()
        XCTAssertEqual(try rows.finish().length, 1)

        let alone = MapArrayBuilder(keys: BinaryArrayBuilder(), values: PrimitiveArrayBuilder<Int64>())
        alone.keys.appendNull()
        alone.values.append(1)
        try alone.append()
        XCTAssertEqual(kind { try alone.finish() }, .invalidArgument)
        XCTAssertEqual([alone.count, alone.keys.count, alone.values.count], [0, 0, 0])
    }

    /// A caller's own builder whose `finish()` throws: the parent's other children
    /// and the parent are emptied too.
    private final class RefusingBuilder: ArrayBuilder {
        var type: ArrowType { .int64 }
        var count = 0
        func appendNull() { count += 1 }
        func appendEmptyValue() { count += 1 }
        func finish() throws(ArrowError) -> ArrayData {
            count = 0
            throw ArrowError(.invalidArgument, "refused")
        }
    }

    func testForeignChildThatThrowsEmptiesTheOthers() throws {
        let ids = PrimitiveArrayBuilder<Int64>()
        let other = RefusingBuilder()
        let names = BinaryArrayBuilder()
        let rows = try StructArrayBuilder([Field("id", .int64), Field("x", .int64), Field("name", .utf8)], children: [ids, other, names])
        rows.appendNull()
        XCTAssertEqual(kind { try rows.finish() }, .invalidArgument)
        XCTAssertEqual([rows.count, ids.count, other.count, names.count], [0, 0, 0, 0])
    }
}
