import FlamePickle
import XCTest

/// The writer reproduces CPython's `pickle.dumps(value, protocol=5)` byte for byte.
final class PickleEncodingTests: XCTestCase {
    func testProtocol5FixturesAreReproducedByteForByte() throws {
        let fixtures = try PickleFixtures.load()
        let identical = fixtures.cases.filter(\.encodeIdentical)
        XCTAssertGreaterThan(identical.count, 60)
        var mismatches: [String] = []
        for fixture in identical {
            let expected = try XCTUnwrap(fixtures.values[fixture.valueName], fixture.name)
            let bytes = try fixtures.bytes(fixture)
            let encoded = try PickleWriter().encode(expected)
            if encoded != bytes {
                let at = zip(encoded, bytes).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(encoded.count, bytes.count)
                mismatches.append("\(fixture.name): first difference at byte \(at) (ours \(encoded.count) bytes, "
                                  + "CPython \(bytes.count))")
            }
        }
        XCTAssertEqual(mismatches, [])
    }

    /// What any protocol decodes to, written again, is the protocol-5 fixture of the same value.
    func testOlderProtocolsReencodeToTheProtocol5Bytes() throws {
        let fixtures = try PickleFixtures.load()
        let reference = Dictionary(fixtures.cases.filter(\.encodeIdentical).map { ($0.valueName, $0) },
                                   uniquingKeysWith: { first, _ in first })
        var checked = 0
        for fixture in fixtures.cases where !fixture.encodeIdentical {
            guard let twin = reference[fixture.valueName] else { continue }
            let decoded = try PickleReader().decode(try fixtures.bytes(fixture))
            XCTAssertTrue(try PickleWriter().encode(decoded) == fixtures.bytes(twin), "\(fixture.name) vs \(twin.name)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 200)
    }
}
