import ArrowTestSupport
import Foundation
import XCTest

@testable import FlamePickle

/// The fast path (`PickleFastMachine`) must give exactly what the general
/// machine gives whenever it does not decline, and must take the pickles
/// CPython writes for plain data; what it declines still decodes as Python does.
final class PickleFastPathTests: XCTestCase {
    /// Whether the fast path took `bytes`; if it did, its value and memo
    /// events must be the general machine's.
    private func fastPathAgrees(
        _ bytes: [UInt8], _ name: String, file: StaticString = #filePath,
        line: UInt = #line
    ) -> Bool {
        guard let (value, events) = PickleFastMachine.decode(bytes, limits: .default) else { return false }
        do {
            let general = try PickleReader().decodeByGeneralMachine(bytes)
            XCTAssertEqual(value, general.value, name, file: file, line: line)
            XCTAssertEqual(events, general.identity.events, name, file: file, line: line)
            // `==` compares strings up to normalization; the written bytes do not.
            XCTAssertEqual(
                try? PickleWriter().encode(value), try? PickleWriter().encode(general.value), name,
                file: file, line: line)
        } catch {
            XCTFail("\(name): the fast path decoded what the general machine refuses: \(error)", file: file, line: line)
        }
        return true
    }

    func testFixturesDecodeAlikeOnBothPaths() throws {
        let fixtures = try PickleFixtures.load()
        var taken: [String] = []
        var declined: [String] = []
        for fixture in fixtures.cases {
            let value = try XCTUnwrap(fixtures.values[fixture.valueName])
            let took = fastPathAgrees(try fixtures.bytes(fixture), fixture.name)
            // Protocol 5 writes plain data without globals; numpy arrays need REDUCE.
            if fixture.protocolVersion == 5, !Self.holdsArray(value) {
                if took { taken.append(fixture.name) } else { declined.append(fixture.name) }
            }
        }
        XCTAssertGreaterThan(taken.count, 30)
        // Only numpy scalars (a REDUCE inside plain-looking data) may go the general way.
        XCTAssertTrue(declined.allSatisfy { $0.contains("scalar") || $0.contains("np") }, "\(declined)")
    }

    func testMutatedFixturesDecodeAlikeOnBothPaths() throws {
        let fixtures = try PickleFixtures.load()
        var random = SplitMix64(seed: 0x4641_5354)
        var taken = 0
        let interesting: [UInt8] = [
            0x00, 0x01, 0x28, 0x2E, 0x30, 0x5D, 0x61, 0x65, 0x68, 0x71, 0x73, 0x75, 0x7D,
            0x80, 0x85, 0x86, 0x8C, 0x8F, 0x90, 0x94, 0x95, 0xFF,
        ]
        for fixture in fixtures.cases {
            let original = try fixtures.bytes(fixture)
            guard original.count <= 600 else { continue }
            for attempt in 0..<40 {
                var bytes = original
                for _ in 0...random.int(0...2) {
                    let at = random.int(0...(bytes.count - 1))
                    switch random.int(0...3) {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                    case 1: bytes[at] = random.pick(interesting)
                    case 2: bytes.insert(random.pick(interesting), at: at)
                    default: if bytes.count > 1 { bytes.remove(at: at) }
                    }
                }
                if fastPathAgrees(bytes, "\(fixture.name) mutation \(attempt)") { taken += 1 }
            }
        }
        XCTAssertGreaterThan(taken, 200)
    }

    /// A list filled after another list took it in (through the memo): the
    /// fast path has already finished the inner list, so it must decline, and
    /// the general machine gives what Python gives.
    func testContainerFilledAfterUseMatchesPython() throws {
        // PROTO 2, EMPTY_LIST, BINPUT 0, POP, EMPTY_LIST, BINGET 0, APPEND,
        // BINGET 0, BININT1 5, APPEND, POP, STOP
        let bytes: [UInt8] = [0x80, 2, 0x5D, 0x71, 0, 0x30, 0x5D, 0x68, 0, 0x61, 0x68, 0, 0x4B, 5, 0x61, 0x30, 0x2E]
        XCTAssertNil(PickleFastMachine.decode(bytes, limits: .default))
        let python = try pythonJSON("import pickle, json; print(json.dumps(pickle.loads(bytes.fromhex('\(hex(bytes))'))))")
        XCTAssertEqual(try PickleReader().decode(bytes), try Self.plain(python))
    }

    /// Python keeps keys that are different code points apart even when
    /// Unicode calls them equivalent (KELVIN SIGN and K); Swift's `String ==` would merge them.
    func testCanonicallyEquivalentKeysStayApart() throws {
        let script = """
            import pickle, json
            d = {"K": 1, "\\u212a": 2, "\\u00c5": 3, "A\\u030a": 4}
            print(json.dumps({"pickle": pickle.dumps(d, protocol=5).hex(), "items": list(d.items())}))
            """
        let report = try XCTUnwrap(try pythonJSON(script) as? [String: Any])
        let bytes = try XCTUnwrap(Self.bytes(hex: try XCTUnwrap(report["pickle"] as? String)))
        let items = try XCTUnwrap(report["items"] as? [[Any]])
        XCTAssertTrue(fastPathAgrees(bytes, "dict of equivalent keys"))
        guard case .dict(let decoded) = try PickleReader().decode(bytes) else { return XCTFail("not a dict") }
        XCTAssertEqual(decoded.count, items.count)
        for (item, expected) in zip(decoded, items) {
            guard case .string(let key) = item.key else { return XCTFail("key \(item.key)") }
            XCTAssertEqual(Array(key.unicodeScalars), Array(try XCTUnwrap(expected[0] as? String).unicodeScalars))
            XCTAssertEqual(item.value, .int(Int64(try XCTUnwrap(expected[1] as? Int))))
        }
    }

    /// A tuple key of more than 16 values is left to the general machine
    /// (the fast path hashes the keys of every dict, even dropped ones), which
    /// decodes it as Python does.
    func testBigTupleKeyGoesTheGeneralWay() throws {
        let script = """
            import pickle, json
            d = {tuple(range(20)): "big", (1, 2): "small"}
            print(json.dumps({"pickle": pickle.dumps(d, protocol=5).hex(),
                              "items": [[list(k), v] for k, v in d.items()]}))
            """
        let report = try XCTUnwrap(try pythonJSON(script) as? [String: Any])
        let bytes = try XCTUnwrap(Self.bytes(hex: try XCTUnwrap(report["pickle"] as? String)))
        let items = try XCTUnwrap(report["items"] as? [[Any]])
        XCTAssertNil(PickleFastMachine.decode(bytes, limits: .default))
        guard case .dict(let decoded) = try PickleReader().decode(bytes) else { return XCTFail("not a dict") }
        XCTAssertEqual(decoded.count, items.count)
        for (item, expected) in zip(decoded, items) {
            let numbers = try XCTUnwrap(expected[0] as? [Int]).map { PickleValue.int(Int64($0)) }
            XCTAssertEqual(item.key, .tuple(numbers))
            XCTAssertEqual(item.value, .string(try XCTUnwrap(expected[1] as? String)))
        }
    }

    // MARK: Helpers

    private func pythonJSON(_ script: String) throws -> Any {
        let python = try PythonRunner.requirePython()
        let directory = try PythonRunner.makeTemporaryDirectory(prefix: "pickle-fast")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try PythonRunner.run(python, arguments: ["-c", script], workDirectory: directory)
        return try JSONSerialization.jsonObject(with: output.stdout, options: [.fragmentsAllowed])
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(hex: String) -> [UInt8]? {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }

    /// JSON of ints and lists as the value Python had.
    private static func plain(_ json: Any) throws -> PickleValue {
        if let list = json as? [Any] { return .list(try list.map(plain)) }
        return .int(Int64(try XCTUnwrap(json as? Int)))
    }

    private static func holdsArray(_ value: PickleValue) -> Bool {
        switch value {
        case .ndarray: true
        case .list(let items), .tuple(let items), .set(let items), .frozenset(let items): items.contains(where: holdsArray)
        case .dict(let items): items.contains { holdsArray($0.key) || holdsArray($0.value) }
        default: false
        }
    }
}
