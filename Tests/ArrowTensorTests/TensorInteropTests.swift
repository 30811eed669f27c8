// swift-format-ignore-file: AlwaysUseLowerCamelCase
// (Decodable properties named as the JSON keys the Python side writes.)

import ArrowIPC
import ArrowMemory
import ArrowTensor
import ArrowTestSupport
import Foundation
import XCTest

/// Swift-encoded tensors read by pyarrow and numpy in a live Python process
/// (`tensor_peer.py`): same dtype, shape, names and elements, and the bytes
/// pyarrow itself writes for that numpy array.
final class TensorInteropTests: XCTestCase {
    struct Entry: Encodable {
        var file: String
        var dtype: String
        var shape: [Int]
        var order: String
        var dim_names: [String]?
        var keys: [String]
    }

    struct Result: Decodable {
        var values_equal: Bool
        var bytes_equal: Bool
        var detail: String
    }

    func testNumpyReadsSwiftEncodedTensors() throws {
        _ = try PythonRunner.requirePython()
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "tensor-interop")
        defer { try? FileManager.default.removeItem(at: directory) }
        var rng = SplitMix64(seed: 0x7E4503)
        var entries: [Entry] = []
        for dtype in TensorDataType.allCases {
            for k in 0..<8 {
                try withElementType(dtype.numpyName) { type in
                    entries.append(try writeRandom(type, k, &rng, directory))
                }
            }
        }
        let spec = try JSONEncoder().encode(entries)
        try spec.write(to: directory.appendingPathComponent("spec.json"))
        let output = try PythonRunner.runScript("tensor_peer.py", in: "ArrowTensorTests", arguments: [directory.path], workDirectory: directory)
        let results = try JSONDecoder().decode([String: Result].self, from: output.stdout)
        XCTAssertEqual(results.count, entries.count)
        for e in entries {
            let r = try XCTUnwrap(results[e.file], e.file)
            XCTAssertTrue(r.values_equal, "\(e.file) \(e.shape) \(e.order): \(r.detail)")
            XCTAssertTrue(r.bytes_equal, "\(e.file) \(e.shape) \(e.order): \(r.detail)")
        }
    }

    /// A random shape (0-d to 4-d, sometimes empty), order and names; random
    /// elements, including every bit pattern for floats (NaNs, infinities).
    private func writeRandom<T: ManifestScalar>(_: T.Type, _ k: Int, _ rng: inout SplitMix64, _ directory: URL) throws -> Entry {
        let rank = k % 5
        var shape = (0..<rank).map { _ in rng.int(1...5) }
        if k == 4 { shape[rng.int(0...(rank - 1))] = 0 }
        let count = shape.reduce(1, *)
        var values: [T] = []
        for _ in 0..<count {
            let bits = rng.next()
            let value = withUnsafeBytes(of: bits) { $0.loadUnaligned(as: T.self) }
            values.append(value)
        }
        let order: TensorOrder = rng.chance(50) ? .fortran : .c
        let names: [String]? = rng.chance(50) ? shape.indices.map { "dim\($0)" } : nil
        let bytes = try TensorEncoder.encode(values, shape: shape, order: order, dimensionNames: names)
        let file = "\(T.tensorDataType.numpyName)_\(k).tensor"
        try Data(bytes).write(to: directory.appendingPathComponent(file))
        return Entry(
            file: file, dtype: T.tensorDataType.numpyName, shape: shape, order: order.rawValue,
            dim_names: names, keys: values.map(\.manifestKey))
    }
}
