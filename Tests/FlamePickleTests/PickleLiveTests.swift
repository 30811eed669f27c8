import ArrowTestSupport
import FlamePickle
import Foundation
import XCTest

/// CPython 3.11 (and cloudpickle) load what the Swift writer produced.
final class PickleLiveTests: XCTestCase {
    func testPythonLoadsWhatSwiftWrote() throws {
        _ = try PythonRunner.requirePython()
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "pickle-live")
        defer { try? FileManager.default.removeItem(at: directory) }

        let fixtures = try PickleFixtures.load()
        var values = fixtures.values
        for (name, value) in try Self.swiftBuiltValues() { values["swift_\(name)"] = value }
        var files: [(String, PickleValue, [UInt8])] = []
        for (name, value) in values { files.append((name, value, try PickleWriter().encode(value))) }
        // Older-protocol fixtures written again with their recorded sharing (a protocol-4 numpy array
        // keeps its _reconstruct form): not Python's bytes for any object, but they must load.
        for fixture in fixtures.cases where fixture.protocolVersion < 5 {
            let (value, identity) = try PickleReader().decodeKeepingIdentity(try fixtures.bytes(fixture))
            files.append(("replay_\(fixture.name)", value, try PickleWriter().encode(value, sharing: identity)))
        }
        for (name, value, bytes) in files {
            try Data(bytes).write(to: directory.appendingPathComponent("\(name).pkl"))
            let json = try JSONSerialization.data(withJSONObject: Self.tagged(value), options: [.fragmentsAllowed])
            try json.write(to: directory.appendingPathComponent("\(name).json"))
        }
        let output = try PythonRunner.runScript(
            "pickle_peer.py", in: "FlamePickleTests",
            arguments: [directory.path], workDirectory: directory)
        let report = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any],
            output.stdoutText)
        XCTAssertEqual(report["checked"] as? Int, files.count)
        XCTAssertGreaterThan(report["redumped"] as? Int ?? 0, values.count - 20)
        XCTAssertEqual(report["failures"] as? [String], [])
    }

    /// flamepy's opt-in pickle fallback: an Encodable written by PickleEncoder loads in Python as the
    /// same plain data Foundation's JSONEncoder writes for it.
    func testPythonLoadsEncodableValuesAsPlainData() throws {
        _ = try PythonRunner.requirePython()
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "pickle-codable")
        defer { try? FileManager.default.removeItem(at: directory) }

        struct Job: Codable {
            struct Step: Codable {
                var command: String
                var retries: Int
                var timeout: Double?
            }

            var id: UInt64
            var owner: String
            var steps: [Step]
            var labels: [String: String]
            var weights: [Double]
            var done: Bool
        }
        let job = Job(
            id: UInt64.max, owner: "ops ✓",
            steps: [
                .init(command: "run", retries: 3, timeout: 1.5),
                .init(command: "run", retries: -1, timeout: nil),
            ],
            labels: ["tier": "gold", "zone": "eu-1"], weights: [0.25, -2, 1e300], done: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let write = { (name: String, pickle: [UInt8], json: Data) throws in
            try Data(pickle).write(to: directory.appendingPathComponent("\(name).pkl"))
            try json.write(to: directory.appendingPathComponent("\(name).json"))
        }
        try write("job", try PickleEncoder().encode(job), try encoder.encode(job))
        try write("jobs", try PickleEncoder().encode([job, job]), try encoder.encode([job, job]))
        try write("scalar", try PickleEncoder().encode(42), try encoder.encode(42))
        try write("map", try PickleEncoder().encode(["a": [1, 2], "b": []]), try encoder.encode(["a": [1, 2], "b": []]))

        let output = try PythonRunner.runScript(
            "pickle_peer.py", in: "FlamePickleTests",
            arguments: ["--codable", directory.path], workDirectory: directory)
        let report = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any],
            output.stdoutText)
        XCTAssertEqual(report["checked"] as? Int, 4)
        XCTAssertEqual(report["failures"] as? [String], [])
    }

    /// Values no fixture holds, built in Swift.
    static func swiftBuiltValues() throws -> [String: PickleValue] {
        let matrix = try PickledNDArray(
            dtype: "<f8", shape: [3, 2], fortranOrder: true,
            data: (0..<6).flatMap { withUnsafeBytes(of: (Double($0) * 0.5).bitPattern.littleEndian, Array.init) })
        let swapped = try PickledNDArray(dtype: ">i2", shape: [2, 2], fortranOrder: false, data: [0, 1, 0, 2, 0xFF, 0xFF, 1, 0])
        return [
            "record": .dict(pairs: [
                (.string("id"), .int(12)),
                (.string("name"), .string("Zoë ✓")),
                (.string("scores"), .list([.float(1.5), .float(.nan), .float(-.infinity), .float(-0.0)])),
                (.string("huge"), .integer(try XCTUnwrap(PickleBigInt(decimal: "-" + String(repeating: "9", count: 700))))),
                (.string("pair"), .tuple([.none, .bool(true)])),
                (.string("raw"), .bytes([0, 1, 2])),
                (.string("buffer"), .bytearray(Array(repeating: 7, count: 70_000))),
                (.string("nested"), .list([.dict(pairs: [(.string("name"), .string("name"))]), .frozenset([.int(1)])])),
            ]),
            "arrays": .list([.ndarray(matrix), .ndarray(matrix), .ndarray(swapped), .ndarray(swapped)]),
            "many_strings": .list((0..<12_000).map { .string("item \($0 % 700)") }),
            "int_edges": .list(
                [
                    Int64.min, Int64.max, -1, 0, 255, 256, 65_535, 65_536, Int64(Int32.min), Int64(Int32.max),
                    Int64(Int32.max) + 1,
                ].map { .int($0) }),
        ]
    }

    /// The fixtures' tagged JSON form of `value` (the inverse of `PickleFixtures.value`).
    static func tagged(_ value: PickleValue) -> Any {
        switch value {
        case .none: return ["none"]
        case .bool(let flag): return ["bool", flag]
        case .int(let number): return ["int", String(number)]
        case .bigInt(let big): return ["int", big.description]
        case .float(let number):
            if number.isNaN { return ["float", "nan"] }
            if number.isInfinite { return ["float", number < 0 ? "-inf" : "inf"] }
            return ["float", Self.hex(number)]
        case .string(let text): return ["str", text]
        case .bytes(let data): return ["bytes", Data(data).base64EncodedString()]
        case .bytearray(let data): return ["bytearray", Data(data).base64EncodedString()]
        case .list(let items): return ["list", items.map(tagged)]
        case .tuple(let items): return ["tuple", items.map(tagged)]
        case .set(let items): return ["set", items.map(tagged)]
        case .frozenset(let items): return ["frozenset", items.map(tagged)]
        case .dict(let items): return ["dict", items.map { [tagged($0.key), tagged($0.value)] }]
        case .ndarray(let array):
            return ["ndarray", array.dtype, array.shape, array.fortranOrder, Data(array.data).base64EncodedString()]
        }
    }

    /// C99 hex float text, which Python's `float.fromhex` reads exactly.
    private static func hex(_ number: Double) -> String {
        if number == 0 { return number.sign == .minus ? "-0x0p+0" : "0x0p+0" }
        let sign = number.sign == .minus ? "-" : ""
        let significand = number.significandBitPattern
        if number.isSubnormal {
            return "\(sign)0x0.\(String(significand, radix: 16).leftPadded(13))p-1022"
        }
        return "\(sign)0x1.\(String(significand, radix: 16).leftPadded(13))p\(number.exponent)"
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
