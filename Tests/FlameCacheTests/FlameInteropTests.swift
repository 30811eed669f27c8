import ArrowIPC
import ArrowTensor
import ArrowTestSupport
import FlameCache
import FlamePickle
import Foundation
import XCTest

private struct Probe: Codable, Equatable {
    var name: String
    var count: Int
    var ratios: [Double]
    var tags: [String: Int]
    var missing: String?
    var ok: Bool
}

/// What Swift writes, flamepy 0.6.0 reads as the Python value its user expects
/// (`flame_peer.py` holds the expected values, made in Python).
final class FlameInteropTests: XCTestCase {
    private let probe = Probe(name: "probe", count: 3, ratios: [0.5, 0.25], tags: ["a": 1], missing: nil, ok: true)

    func testFlamepyReadsWhatSwiftWrites() throws {
        _ = try PythonRunner.requirePython()
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "flame-live")
        defer { try? FileManager.default.removeItem(at: dir) }
        func put(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: dir.appendingPathComponent(name)) }

        try put("tensor_c.blob", FlameBlobEncoder.encode([1.5, 2.5, 3.5, 4.5, 5.5, 6.5] as [Float], shape: [2, 3]))
        try put("tensor_f.blob", FlameBlobEncoder.encode([1, 4, 2, 5, 3, 6] as [Int32], shape: [2, 3], order: .fortran))
        try put("tensor_nested.blob", FlameBlobEncoder.encode([[1, 2], [3, 4], [5, 6]] as [[Double]]))
        try put("tensor_scalar_uint16.blob", FlameBlobEncoder.encode([7, 8, 9] as [UInt16]))
        let table = try RecordBatch([("id", ArrayData([1, 2, nil] as [Int64?])), ("name", ArrayData(["a", nil, "c"]))])
        try put("table.blob", FlameBlobEncoder.encode(table: table.schema, batches: [table]))
        try put("record_batch.blob", FlameBlobEncoder.encode(recordBatch: try RecordBatch([("x", ArrayData([0.5, nil] as [Double?]))])))
        try put("array.blob", FlameBlobEncoder.encode(array: try ArrayData(["p", nil, "q"])))
        try put("pickle_struct.blob", FlameBlobEncoder.encode(probe, fallback: .pickle))
        let value = PickleValue.dict(pairs: [
            (.string("t"), .tuple([.int(1), .string("x")])), (.string("s"), .set([.int(1), .int(2)])),
            (.string("b"), .bytes([0, 255])), (.string("big"), .integer(try XCTUnwrap(PickleBigInt(decimal: "1208925819614629174706176")))),
        ])
        try put("pickle_value.blob", FlameBlobEncoder.encode(pickle: value))
        try put("object_opaque.arrow", FlameObjectFile.opaqueBytes(blob: FlameBlobEncoder.encode(probe, fallback: .pickle)))
        try put("object_server.arrow", FlameObjectFile.serverOpaqueBytes(blob: FlameBlobEncoder.encode(probe, fallback: .pickle), version: 4))

        let python = try PythonRunner.requirePython()
        let script = PythonRunner.testDirectory("FlameCacheTests").appendingPathComponent("flame_peer.py").path
        let output = try PythonRunner.run(python, arguments: [script, "check", dir.path], workDirectory: dir)
        print(output.stdoutText)
        XCTAssertEqual(output.status, 0, output.stdoutText + output.stderrText)
        XCTAssertTrue(output.stdoutText.contains("11 passed, 0 failed"), output.stdoutText)
    }

    func testSwiftValuesRoundTripThroughEveryFallback() throws {
        let plist = try FlameBlobEncoder.encode(probe)
        XCTAssertEqual(Array(plist.prefix(4)), FlameBlobFormat.propertyListMarker)
        XCTAssertEqual(try FlameBlobDecoder().decode(Probe.self, from: plist), probe)
        let pickled = try FlameBlobEncoder.encode(probe, fallback: .pickle)
        XCTAssertEqual(Array(pickled.prefix(4)), Array("FLM".utf8) + [0])
        XCTAssertEqual(try FlameBlobDecoder().decode(Probe.self, from: pickled), probe)
        // Rectangular number arrays take the tensor fast path.
        let tensorBlob = try FlameBlobEncoder.encode([[1, 2, 3]] as [[Int64]])
        guard case .tensor(let t) = try FlameBlobDecoder().decode(tensorBlob) else { return XCTFail("not a tensor") }
        XCTAssertEqual(t.shape, [1, 3])
        XCTAssertEqual(t.tensor(of: Int64.self)?.toArray(), [1, 2, 3])
        // A ragged array is no tensor: it falls back.
        let ragged = try FlameBlobEncoder.encode([[1], [2, 3]] as [[Int64]], fallback: .pickle)
        XCTAssertEqual(try FlameBlobDecoder().decode([[Int64]].self, from: ragged), [[1], [2, 3]])
    }

    func testMismatchedShapesNameTheKeyPath() throws {
        struct Wrong: Decodable {
            var name: String
            var count: String
        }
        let pickled = try FlameBlobEncoder.encode(probe, fallback: .pickle)
        XCTAssertThrowsError(try FlameBlobDecoder().decode(Wrong.self, from: pickled)) { error in
            XCTAssertTrue("\(error)".contains("count"), "\(error)")
        }
    }
}
