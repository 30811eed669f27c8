import ArrowIPC
import ArrowMemory
import ArrowTestSupport
import Foundation
import XCTest

enum TestSupport {
    static var fixtureDirectory: URL { Manifest.directory }

    /// Every fixture file with `suffix` (`.stream` or `.arrow_file`), sorted by name.
    static func fixtures(_ suffix: String) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtureDirectory.path)
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { fixtureDirectory.appendingPathComponent($0) }
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: url))
    }
}

/// Logical values of a column as printable strings, used to compare two readings of the same data.
func renderedValues(_ data: ArrayData) throws -> [String] {
    try (0..<data.length).map { i in try renderValue(data, i, depth: 0) }
}

func renderValue(_ data: ArrayData, _ i: Int, depth: Int) throws -> String {
    if depth > 32 { return "…" }
    switch data.type {
    case .null: return "null"
    case .union:
        let u = try UnionArray(data)
        let (child, index) = u.location(at: i)
        return "\(u.typeId(at: i)):" + (try renderValue(data.children[child], index, depth: depth + 1))
    case .runEndEncoded:
        let r = try RunEndEncodedArray(data)
        return try renderValue(r.values, r.physicalIndex(at: i), depth: depth + 1)
    default: break
    }
    if data.isNull(i) { return "null" }
    switch data.type {
    case .bool: return "\(try BooleanArray(data)[i]!)"
    case .int8: return "\(try PrimitiveArray<Int8>(data)[i]!)"
    case .int16: return "\(try PrimitiveArray<Int16>(data)[i]!)"
    case .int32, .date32, .time32, .interval(.yearMonth): return "\(try PrimitiveArray<Int32>(storageOf: data)[i]!)"
    case .int64, .date64, .time64, .timestamp, .duration: return "\(try PrimitiveArray<Int64>(storageOf: data)[i]!)"
    case .uint8: return "\(try PrimitiveArray<UInt8>(data)[i]!)"
    case .uint16, .float16: return "\(try PrimitiveArray<UInt16>(storageOf: data)[i]!)"
    case .uint32: return "\(try PrimitiveArray<UInt32>(data)[i]!)"
    case .uint64: return "\(try PrimitiveArray<UInt64>(data)[i]!)"
    case .float32: return "\(try PrimitiveArray<Float>(data)[i]!.bitPattern)"
    case .float64: return "\(try PrimitiveArray<Double>(data)[i]!.bitPattern)"
    case .utf8, .largeUtf8, .utf8View: return "\"\(try StringArray(data)[i]!)\""
    case .binary, .largeBinary, .binaryView, .fixedSizeBinary, .decimal, .interval:
        if case .decimal = data.type, let w = data.type.byteWidth {
            return data.buffers[0].getSlice(at: (data.offset + i) * w, length: w)!.bytes.description
        }
        if case .interval = data.type, let w = data.type.byteWidth {
            return data.buffers[0].getSlice(at: (data.offset + i) * w, length: w)!.bytes.description
        }
        return try BinaryArray(data)[i]!.description
    case .list, .largeList, .listView, .largeListView, .fixedSizeList, .map:
        let element = try ListArray(data)[i]!
        return "[" + (try (0..<element.length).map { try renderValue(element, $0, depth: depth + 1) }).joined(separator: ", ") + "]"
    case .struct(let fields):
        let s = try StructArray(data)
        return "{" + (try fields.indices.map { k in "\(fields[k].name): " + (try renderValue(s.column(k), i, depth: depth + 1)) }).joined(separator: ", ") + "}"
    case .dictionary:
        let d = try DictionaryArray(data)
        return try renderValue(d.dictionary, d[i]!, depth: depth + 1)
    default:
        return "?"
    }
}
