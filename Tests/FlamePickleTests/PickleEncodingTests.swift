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
                mismatches.append(
                    "\(fixture.name): first difference at byte \(at) (ours \(encoded.count) bytes, "
                        + "CPython \(bytes.count))")
            }
        }
        XCTAssertEqual(mismatches, [])
    }

    /// Every protocol-5 pickle CPython wrote, whatever its object sharing (json.loads data, shared
    /// lists, strings built at run time, str sets in hash order), is written again byte for byte when
    /// the writer replays the sharing the reader recorded.
    func testReencodingWithRecordedSharingIsByteIdentical() throws {
        let fixtures = try PickleFixtures.load()
        let cases = fixtures.cases.filter(\.reencodeIdentical)
        XCTAssertGreaterThan(cases.count, 100)
        var mismatches: [String] = []
        for fixture in cases {
            let bytes = try fixtures.bytes(fixture)
            let (value, identity) = try PickleReader().decodeKeepingIdentity(bytes)
            if try PickleWriter().encode(value, sharing: identity) != bytes { mismatches.append(fixture.name) }
        }
        XCTAssertEqual(mismatches, [])
        // The default rule cannot know these cases' sharing; their bytes differ without the identity.
        for name in ["json_document_p5", "shared_containers_p5", "runtime_strings_p5", "same_array_twice_p5"] {
            let fixture = try XCTUnwrap(cases.first { $0.name == name }, name)
            let bytes = try fixtures.bytes(fixture)
            XCTAssertNotEqual(try PickleWriter().encode(try PickleReader().decode(bytes)), bytes, name)
        }
    }

    /// Protocols 2-5 memoize plain data alike, so sharing recorded from a protocol-2 pickle of lists,
    /// dicts and str gives the protocol-5 pickle of the same objects.
    func testSharingRecordedAtProtocol2GivesTheProtocol5Pickle() throws {
        let fixtures = try PickleFixtures.load()
        for name in ["json_document", "shared_containers", "runtime_strings"] {
            let old = try XCTUnwrap(fixtures.cases.first { $0.name == "\(name)_p2" }, name)
            let new = try XCTUnwrap(fixtures.cases.first { $0.name == "\(name)_p5" }, name)
            let (value, identity) = try PickleReader().decodeKeepingIdentity(try fixtures.bytes(old))
            XCTAssertTrue(try PickleWriter().encode(value, sharing: identity) == fixtures.bytes(new), name)
        }
    }

    /// Sharing that does not fit the protocol-5 opcode sequence (protocol 2 writes bytes and numpy
    /// arrays with extra memoized objects) is ignored: the default rule is used.
    func testForeignIdentityFallsBackToTheDefaultRule() throws {
        let fixtures = try PickleFixtures.load()
        for name in ["nested_p2", "bytes_p2", "np2_le_f4_c_p2", "set_small_p3"] {
            let fixture = try XCTUnwrap(fixtures.cases.first { $0.name == name }, name)
            let (value, identity) = try PickleReader().decodeKeepingIdentity(try fixtures.bytes(fixture))
            XCTAssertFalse(identity.events.isEmpty, name)
            XCTAssertTrue(try PickleWriter().encode(value, sharing: identity) == PickleWriter().encode(value), name)
        }
    }

    /// What any protocol decodes to, written again, is the protocol-5 fixture of the same value.
    func testOlderProtocolsReencodeToTheProtocol5Bytes() throws {
        let fixtures = try PickleFixtures.load()
        let reference = Dictionary(
            fixtures.cases.filter(\.encodeIdentical).map { ($0.valueName, $0) },
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
