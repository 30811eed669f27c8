import FlamePickle
import Foundation
import XCTest

/// Decoding pickles into `Decodable` types, and `Encodable` values into pickles.
final class PickleCodableTests: XCTestCase {
    /// The shape of the `nested` value in Fixtures/generate_pickles.py.
    struct Run: Codable, Equatable {
        struct Params: Codable, Equatable {
            var lr: Double
            var layers: [Int]
            var dropout: Double?
            var flags: Set<String>
        }

        var name: String
        var shape: [Int]
        var tags: [String]
        var params: Params
        var blob: [UInt8]
        var ok: Bool
        var matrix: [[Double]]
    }

    private func fixture(_ name: String) throws -> [UInt8] {
        let fixtures = try PickleFixtures.load()
        return try fixtures.bytes(try XCTUnwrap(fixtures.cases.first { $0.name == name }, name))
    }

    func testNestedFixtureOfEveryProtocolDecodesIntoAStruct() throws {
        // The literal in generate_pickles.py, minus the "big" key the struct ignores.
        let expected = Run(
            name: "run-7", shape: [2, 3], tags: ["a", "b", "a"],
            params: .init(lr: 0.001, layers: [64, 32], dropout: nil, flags: ["x"]),
            blob: [0, 1], ok: true, matrix: [[1, 2], [3, 4]])
        for proto in 0...5 {
            XCTAssertEqual(
                try PickleDecoder().decode(Run.self, from: try fixture("nested_p\(proto)")), expected,
                "protocol \(proto)")
        }
    }

    func testDictionariesAndArrays() throws {
        XCTAssertEqual(try PickleDecoder().decode([String: Int].self, from: try fixture("dict_one_p5")), ["k": 1])
        XCTAssertEqual(try PickleDecoder().decode([String: Double].self, from: try fixture("dict_one_p2")), ["k": 1.0])
        let doubled = try PickleDecoder().decode([Int: Int].self, from: try fixture("dict_1000_p5"))
        XCTAssertEqual(doubled.count, 1000)
        XCTAssertEqual(doubled[999], 1998)
        XCTAssertEqual(try PickleDecoder().decode([Int].self, from: try fixture("list_2500_p5")), Array(0..<2500))
        XCTAssertEqual(try PickleDecoder().decode(Set<Int>.self, from: try fixture("set_1001_p5")), Set(0...1000))
        let ints = try PickleDecoder().decode([Int64].self, from: try fixture("ints_p3"))
        XCTAssertEqual(ints.last, Int64.min)
        // 2**63 and 2**64 arrive as LONG1; the first fits UInt64, the second does not.
        guard case .list(let bigs) = try PickleReader().decode(try fixture("bigints_p5")) else {
            return XCTFail("bigints is not a list")
        }
        XCTAssertEqual(try PickleDecoder().decode(UInt64.self, from: bigs[0]), 1 << 63)
        XCTAssertThrowsError(try PickleDecoder().decode(UInt64.self, from: bigs[2]))
        XCTAssertThrowsError(try PickleDecoder().decode(Int64.self, from: bigs[0]))
    }

    func testMismatchesNameTheKeyPath() throws {
        struct WrongLeaf: Decodable {
            struct Params: Decodable { var lr: String }
            var params: Params
        }
        struct MissingKey: Decodable {
            struct Params: Decodable { var momentum: Double }
            var params: Params
        }
        struct WrongElement: Decodable { var tags: [Int] }
        let bytes = try fixture("nested_p5")

        XCTAssertThrowsError(try PickleDecoder().decode(WrongLeaf.self, from: bytes)) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["params", "lr"])
            XCTAssertTrue(context.debugDescription.contains("float"), context.debugDescription)
        }
        XCTAssertThrowsError(try PickleDecoder().decode(MissingKey.self, from: bytes)) { error in
            guard case DecodingError.keyNotFound(let key, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(key.stringValue, "momentum")
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["params"])
        }
        XCTAssertThrowsError(try PickleDecoder().decode(WrongElement.self, from: bytes)) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["tags", "0"])
        }
        XCTAssertThrowsError(try PickleDecoder().decode(Int8.self, from: try PickleWriter().encode(.int(300))))
        // A broken pickle is a PickleError, not a DecodingError.
        XCTAssertThrowsError(try PickleDecoder().decode(Run.self, from: bytes.dropLast())) { error in
            XCTAssertTrue(error is PickleError, "\(error)")
        }
    }

    func testEncodableRoundTripsThroughTheDecoder() throws {
        let run = Run(
            name: "r", shape: [1], tags: ["t", "t"], params: .init(lr: 0.5, layers: [], dropout: 0.25, flags: []),
            blob: [9], ok: false, matrix: [[-1.5]])
        let bytes = try PickleEncoder().encode(run)
        XCTAssertEqual(try PickleDecoder().decode(Run.self, from: bytes), run)
    }
}
