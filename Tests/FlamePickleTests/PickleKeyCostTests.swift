import FlamePickle
import XCTest

/// Dict keys cost work bounded by the input: a pickle may use one long string as
/// the key of many dicts through the memo (a few bytes per use), so hashing and
/// comparing a key must not cost its whole length every time.
final class PickleKeyCostTests: XCTestCase {
    func testOneLongKeyReusedThroughTheMemoDecodes() throws {
        let key = PickleValue.string(String(repeating: "k", count: 200_000))
        let rows = (0..<20_000).map { PickleValue.dict(pairs: [(key, .int(Int64($0)))]) }
        // The writer memoizes equal strings, so the key's bytes appear once.
        let bytes = try PickleWriter().encode(.list(rows))
        XCTAssertLessThan(bytes.count, 600_000)
        let value = try PickleReader().decode(bytes)
        guard case .list(let decoded) = value else { return XCTFail("not a list") }
        XCTAssertEqual(decoded.count, 20_000)
        XCTAssertEqual(decoded.last, .dict(pairs: [(key, .int(19_999))]))
    }

    func testLongKeysDifferingOnlyInTheMiddleStayApart() throws {
        // Same length and same ends: the bounded hash collides, comparison decides.
        let keys = (0..<50).map { i -> PickleValue in
            .string(String(repeating: "a", count: 300) + "\(1000 + i)" + String(repeating: "z", count: 300))
        }
        let dict = PickleValue.dict(pairs: keys.enumerated().map { ($0.element, .int(Int64($0.offset))) })
        guard case .dict(let items) = try PickleReader().decode(try PickleWriter().encode(dict)) else { return XCTFail("not a dict") }
        XCTAssertEqual(items.count, 50)
        XCTAssertEqual(items.map(\.key), keys)
    }
}
