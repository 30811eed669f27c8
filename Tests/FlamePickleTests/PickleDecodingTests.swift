import FlamePickle
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
            XCTAssertEqual(try PickleReader().decode(try fixtures.bytes(fixture)),
                           try PickleReader().decode(try fixtures.bytes(other)), fixture.name)
        }
    }
}
