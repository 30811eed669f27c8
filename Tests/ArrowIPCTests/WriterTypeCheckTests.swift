import ArrowIPC
import XCTest

/// The writers refuse a batch whose columns are not of their fields' types, so
/// a body never contradicts the schema written before it.
final class WriterTypeCheckTests: XCTestCase {
    private func writeError(_ schema: Schema, _ column: ArrayData, file: Bool = false) -> ArrowError? {
        let batch = RecordBatch(schema: schema, length: column.length, columns: [column])
        do {
            if file {
                _ = try FileWriter.bytes(schema: schema, batches: [batch])
            } else {
                _ = try StreamWriter.bytes(schema: schema, batches: [batch])
            }
            return nil
        } catch {
            return error
        }
    }

    private func dictionaryEncoded(_ indices: ArrayData, _ dictionary: ArrayData) -> ArrayData {
        var a = indices
        a.type = .dictionary(indexType: indices.type, valueType: dictionary.type, ordered: false)
        a.dictionary = dictionary
        return a
    }

    func testColumnOfAnotherTypeThrowsNamingIt() throws {
        let schema = Schema([Field("a", .int64)])
        for file in [false, true] {
            let error = writeError(schema, ArrayData([1, 2] as [Int32?]), file: file)
            XCTAssertEqual(error?.kind, .invalidArgument)
            XCTAssertEqual(error?.fieldPath, "a")
        }
    }

    func testDictionaryIndexAndValueTypesAreChecked() throws {
        let schema = Schema([Field("d", .dictionary(indexType: .int8, valueType: .utf8, ordered: false))])
        let wideIndices = dictionaryEncoded(ArrayData([0, 1] as [Int16?]), try ArrayData(["x", "y"] as [String?]))
        XCTAssertEqual(writeError(schema, wideIndices)?.kind, .invalidArgument)
        XCTAssertEqual(writeError(schema, wideIndices)?.fieldPath, "d")
        // The column claims utf8 values, its dictionary holds int64.
        var lying = dictionaryEncoded(ArrayData([0, 1] as [Int8?]), try ArrayData(["x", "y"] as [String?]))
        lying.dictionary = ArrayData([5, 6] as [Int64?])
        XCTAssertEqual(writeError(schema, lying)?.kind, .invalidArgument)
        XCTAssertEqual(writeError(schema, lying)?.fieldPath, "d.dictionary")
        let right = dictionaryEncoded(ArrayData([0, 1] as [Int8?]), try ArrayData(["x", "y"] as [String?]))
        XCTAssertNil(writeError(schema, right))
    }

    func testChildArraysAreChecked() throws {
        let schema = Schema([Field("l", .list(Field("item", .int64)))])
        XCTAssertEqual(writeError(schema, try ArrayData.list([[1], [2, 3]] as [[Int32?]?]))?.fieldPath, "l.item")
        // The parent's type is right; its child array is not of that type.
        var lying = try ArrayData.list([[1], [2, 3]] as [[Int64?]?])
        lying.children = [ArrayData([1, 2, 3] as [Int32?])]
        XCTAssertEqual(writeError(schema, lying)?.kind, .invalidArgument)
        XCTAssertThrowsError(try RecordBatch(fields: [(Field("l", lying.type), lying)])) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .invalidArgument)
        }
    }

    func testNestedFieldNamesAreTheSchemasToSay() throws {
        // Names change no byte of the body: a list built with child `item` is
        // written under a field whose child is `element`, and reads back as such.
        let schema = Schema([Field("l", .list(Field("element", .int64, nullable: false)))])
        let column = try ArrayData.list([[1], [2, 3]] as [[Int64?]?])
        let bytes = try StreamWriter.bytes(schema: schema, batches: [RecordBatch(schema: schema, length: 2, columns: [column])])
        let read = try XCTUnwrap(try StreamReader(bytes: bytes).readAll().first)
        XCTAssertEqual(read.schema.fields[0].type, schema.fields[0].type)
        XCTAssertEqual(try renderedValues(read.columns[0]), try renderedValues(column))
    }
}
