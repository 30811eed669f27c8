import FlamePickle
import Foundation
import XCTest

/// Every fixture CPython and numpy wrote decodes to the value the generator recorded.
final class PickleDecodingTests: XCTestCase {
    func testEveryFixtureDecodesToItsExpectedValue() throws {
        let fixtures = try PickleFixtures.load()
        XCTAssertGreaterThan(fixtures.cases.count, 300)
        var protocols = Set<Int>()
        for fixture in fixtures.cases {
            let expected = try XCTUnwrap(fixtures.values[fixture.valueName], fixture.name)
            do {
                let decoded = try PickleReader().decode(try fixtures.bytes(fixture))
                XCTAssertEqual(decoded, expected, fixture.name)
                protocols.insert(fixture.protocolVersion)
            } catch {
                XCTFail("\(fixture.name): \(error)")
            }
        }
        XCTAssertEqual(protocols, [0, 1, 2, 3, 4, 5])
    }

    func testNumpyOneAndTwoFormsDecodeAlike() throws {
        let fixtures = try PickleFixtures.load()
        let numpy1 = fixtures.cases.filter { $0.name.hasPrefix("np1_") }
        XCTAssertGreaterThan(numpy1.count, 60)
        for fixture in numpy1 {
            let twin = fixture.name.replacingOccurrences(of: "np1_", with: "np2_")
            let other = try XCTUnwrap(fixtures.cases.first { $0.name == twin }, twin)
            XCTAssertNotEqual(try fixtures.bytes(fixture), try fixtures.bytes(other), fixture.name)
            XCTAssertEqual(
                try PickleReader().decode(try fixtures.bytes(fixture)),
                try PickleReader().decode(try fixtures.bytes(other)), fixture.name)
        }
    }
}

/// Decimal text of the fixtures' ints (written by Python's `str(int)`) survives parse and print.
final class PickleBigIntTests: XCTestCase {
    func testDecimalTextOfEveryFixtureIntRoundTrips() throws {
        let data = try Data(contentsOf: PickleFixtures.directory.appendingPathComponent("manifest.json"))
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var count = 0
        // Every ["int", "<digits>"] anywhere in the tagged values.
        var work: [Any] = [root["values"] as Any]
        while let next = work.popLast() {
            if let tagged = next as? [Any] {
                if tagged.count == 2, tagged[0] as? String == "int", let digits = tagged[1] as? String {
                    let parsed = try XCTUnwrap(PickleBigInt(decimal: digits), digits)
                    XCTAssertEqual(parsed.description, digits)
                    count += 1
                } else {
                    work.append(contentsOf: tagged)
                }
            } else if let object = next as? [String: Any] {
                work.append(contentsOf: Array(object.values))
            }
        }
        XCTAssertGreaterThan(count, 5000)
    }

    func testSmallValuesMatchInt64() throws {
        for value: Int64 in [0, 1, -1, 127, 128, -128, -129, 255, 256, Int64.max, Int64.min, 1 << 40, -(1 << 40)] {
            let big = PickleBigInt(value)
            XCTAssertEqual(big.int64Value, value)
            XCTAssertEqual(big.description, String(value))
            XCTAssertEqual(PickleBigInt(decimal: String(value)), big)
        }
    }
}
