import ArrowIPC
import ArrowTestSupport
import Foundation
import XCTest

/// The push decoder gives the same batches as the whole-buffer `StreamReader`,
/// however the stream is cut into chunks.
final class StreamDecoderTests: XCTestCase {
    /// What `StreamReader` reads from `bytes`: schema, batches, dictionaries, framing.
    struct Reading {
        var schema: Schema
        var batches: [RecordBatch]
        var dictionaries: [Int64: ArrayData]
        var legacyFraming: Bool
    }

    static func wholeBufferReading(_ bytes: [UInt8]) throws -> Reading {
        let reader = try StreamReader(bytes: bytes)
        let batches = try reader.readAll()
        return Reading(schema: reader.schema, batches: batches, dictionaries: reader.dictionaries, legacyFraming: reader.legacyFraming)
    }

    /// Feeds `bytes` cut at `cuts` (chunk sizes, repeated until the end).
    static func pushReading(_ bytes: [UInt8], chunkSizes: (inout SplitMix64) -> Int, seed: UInt64 = 1) throws -> (Reading, maxBuffered: Int) {
        var decoder = StreamDecoder()
        var rng = SplitMix64(seed: seed)
        var batches: [RecordBatch] = []
        var schema: Schema?
        var start = 0
        var maxBuffered = 0
        while start < bytes.count {
            let n = min(max(chunkSizes(&rng), 1), bytes.count - start)
            for event in try decoder.feed(bytes[start..<start + n]) {
                switch event {
                case .schema(let s):
                    XCTAssertNil(schema, "one schema event")
                    XCTAssertTrue(batches.isEmpty)
                    schema = s
                case .recordBatch(let b): batches.append(b)
                case .dictionary: XCTAssertNotNil(schema)
                }
            }
            maxBuffered = max(maxBuffered, decoder.bufferedByteCount)
            start += n
        }
        try decoder.finish()
        let s = try XCTUnwrap(schema)
        XCTAssertEqual(decoder.schema, s)
        return (Reading(schema: s, batches: batches, dictionaries: decoder.dictionaries, legacyFraming: decoder.legacyFraming), maxBuffered)
    }

    func check(_ url: URL) throws -> Int {
        let bytes = try TestSupport.bytes(url)
        let name = url.lastPathComponent
        let expected = try Self.wholeBufferReading(bytes)
        let cuttings: [(String, (inout SplitMix64) -> Int)] = [
            ("whole", { _ in Int.max }),
            ("bytes", { _ in 1 }),
            ("1-16", { Int.random(in: 1...16, using: &$0) }),
            ("1-300", { Int.random(in: 1...300, using: &$0) }),
            ("1-5000", { Int.random(in: 1...5000, using: &$0) }),
            ("1-65536", { Int.random(in: 1...65536, using: &$0) }),
        ]
        for (label, sizes) in cuttings {
            for seed: UInt64 in label == "whole" || label == "bytes" ? [1] : [1, 2, 3] {
                let (got, _) = try Self.pushReading(bytes, chunkSizes: sizes, seed: seed)
                let what = "\(name) cut \(label) seed \(seed)"
                XCTAssertEqual(got.schema, expected.schema, what)
                XCTAssertEqual(got.legacyFraming, expected.legacyFraming, what)
                assertIdentical(got.batches, expected.batches, what)
                XCTAssertEqual(Set(got.dictionaries.keys), Set(expected.dictionaries.keys), what)
                for (id, d) in expected.dictionaries {
                    if let g = got.dictionaries[id] { assertIdentical(g, d, "\(what) dictionary \(id)") }
                }
            }
        }
        return expected.batches.count
    }

    func testEveryFixtureStreamDecodesAsTheWholeBufferReaderReadsIt() throws {
        let urls = try TestSupport.fixtures(".stream")
        XCTAssertGreaterThan(urls.count, 20)
        var batches = 0
        for url in urls { batches += try check(url) }
        XCTAssertGreaterThan(batches, 20)
    }

    func testEveryGoldStreamDecodesAsTheWholeBufferReaderReadsIt() throws {
        guard let root = ProcessInfo.processInfo.environment["ARROW_TEST_DATA"], !root.isEmpty else {
            throw XCTSkip("ARROW_TEST_DATA is not set; point it at arrow-testing/data to run the gold streams")
        }
        let base = URL(fileURLWithPath: root).appendingPathComponent("arrow-ipc-stream/integration")
        var checked: [String] = []
        for version in try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() {
            let dir = base.appendingPathComponent(version)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".stream") {
                let url = dir.appendingPathComponent(name)
                // Streams our whole-buffer reader refuses must be refused by the push decoder too.
                guard (try? Self.wholeBufferReading(TestSupport.bytes(url))) != nil else {
                    XCTAssertThrowsError(try Self.pushReading(TestSupport.bytes(url), chunkSizes: { _ in 7 }), "\(version)/\(name)")
                    continue
                }
                _ = try check(url)
                checked.append("\(version)/\(name)")
            }
        }
        XCTAssertTrue(checked.contains { $0.hasPrefix("2.0.0-compression/") }, "compressed gold streams were read")
        XCTAssertTrue(checked.contains { $0.hasPrefix("1.0.0-bigendian/") }, "big-endian gold streams were read")
        XCTAssertGreaterThan(checked.count, 40)
    }

    func testPreZeroFifteenFramingIsRead() throws {
        let bytes = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent("legacy_format_v4.stream"))
        XCTAssertNotEqual(Array(bytes.prefix(4)), [0xFF, 0xFF, 0xFF, 0xFF], "the fixture has no continuation markers")
        let (got, _) = try Self.pushReading(bytes, chunkSizes: { _ in 3 })
        XCTAssertTrue(got.legacyFraming)
        XCTAssertFalse(got.batches.isEmpty)
    }

    /// A message inside one chunk is sliced out of it: the arrays view the chunk's storage.
    func testMessagesInsideOneChunkAreNotCopied() throws {
        let bytes = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent("integers.stream"))
        let chunk = ArrowBuffer(copying: bytes)
        var decoder = StreamDecoder()
        let batches = try decoder.feed(chunk).compactMap { e -> RecordBatch? in
            if case .recordBatch(let b) = e { return b } else { return nil }
        }
        XCTAssertFalse(batches.isEmpty)
        let chunkRange = chunk.withUnsafeBytes { UInt(bitPattern: $0.baseAddress)..<UInt(bitPattern: $0.baseAddress! + $0.count) }
        var viewed = 0
        for column in batches[0].columns {
            for buffer in column.buffers where buffer.count > 0 {
                XCTAssertTrue(buffer.owner === chunk.owner)
                buffer.withUnsafeBytes { XCTAssertTrue(chunkRange.contains(UInt(bitPattern: $0.baseAddress))) }
                viewed += 1
            }
        }
        XCTAssertGreaterThan(viewed, 0)
        // The same for an array of bytes: it is kept alive, not copied.
        var arrayDecoder = StreamDecoder()
        let fromArray = try arrayDecoder.feed(bytes)
        XCTAssertEqual(fromArray.count, decoder.dictionaries.count + 1 + batches.count)
    }

    func testMessagesLargerThanTheLimitAreRefusedBeforeBuffering() throws {
        let bytes = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent("large_1000_rows.stream"))
        let expected = try Self.wholeBufferReading(bytes)
        XCTAssertFalse(expected.batches.isEmpty)
        var decoder = StreamDecoder(maxMessageBytes: 2048)
        var thrown: ArrowError?
        var maxBuffered = 0
        for i in 0..<bytes.count {
            do throws(ArrowError) {
                _ = try decoder.feed(bytes[i...i])
            } catch {
                thrown = error
                break
            }
            maxBuffered = max(maxBuffered, decoder.bufferedByteCount)
        }
        let error = try XCTUnwrap(thrown)
        XCTAssertEqual(error.kind, .invalidFormat)
        XCTAssertTrue(error.message.contains("limit of 2048"), error.message)
        XCTAssertNotNil(error.byteOffset)
        XCTAssertLessThanOrEqual(maxBuffered, 2048)
        // The decoder stays failed.
        XCTAssertThrowsError(try decoder.feed([0]))
        XCTAssertThrowsError(try decoder.finish())
    }

    /// A large stream in socket-sized chunks: the decoder holds at most one message
    /// (only the messages that span chunks, never the stream).
    func testBufferingStaysWithinOneMessageOnALargeStream() throws {
        var rng = SplitMix64(seed: 0x5EED)
        let batches = try (0..<40).map { _ in
            try RecordBatch([("v", ArrayData((0..<50_000).map { _ in Int64?(Int64.random(in: .min ... .max, using: &rng)) }))])
        }
        let bytes = try StreamWriter.bytes(schema: batches[0].schema, batches: batches)
        XCTAssertGreaterThan(bytes.count, 16_000_000)
        var decoder = StreamDecoder(maxMessageBytes: 1 << 20)
        var maxBuffered = 0
        var rows = 0
        var start = 0
        while start < bytes.count {
            let end = min(start + 65_536, bytes.count)
            for case .recordBatch(let b) in try decoder.feed(bytes[start..<end]) { rows += b.length }
            maxBuffered = max(maxBuffered, decoder.bufferedByteCount)
            start = end
        }
        try decoder.finish()
        XCTAssertEqual(rows, 2_000_000)
        XCTAssertGreaterThan(maxBuffered, 0)
        XCTAssertLessThanOrEqual(maxBuffered, 400_400, "one message of 50,000 int64 values plus its metadata")
    }

    func testInputEndingInsideAMessageIsAnError() throws {
        let bytes = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent("integers.stream"))
        let schemaEnd = 8 + Int(bytes[4]) + Int(bytes[5]) << 8
        for cut in [3, 6, 9, schemaEnd + 5, schemaEnd + 30, bytes.count - 20] {
            var decoder = StreamDecoder()
            _ = try decoder.feed(bytes[0..<cut])
            XCTAssertThrowsError(try decoder.finish(), "cut at \(cut)") { error in
                XCTAssertEqual((error as? ArrowError)?.kind, .invalidFormat)
            }
        }
        // At a message boundary the input may end without the end-of-stream marker.
        var decoder = StreamDecoder()
        let events = try decoder.feed(bytes[0..<bytes.count - 8])
        XCTAssertFalse(events.isEmpty)
        XCTAssertNoThrow(try decoder.finish())
        // An empty input holds no schema.
        var empty = StreamDecoder()
        XCTAssertThrowsError(try empty.finish())
    }

    func testMalformedMetadataIsReportedAtItsStreamOffset() throws {
        var bytes = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent("integers.stream"))
        let schemaEnd = 8 + Int(bytes[4]) + Int(bytes[5]) << 8
        // A negative metadata length on the second message.
        bytes[schemaEnd + 4] = 0xF0
        bytes[schemaEnd + 7] = 0xF0
        var decoder = StreamDecoder()
        XCTAssertThrowsError(try { for i in 0..<bytes.count { _ = try decoder.feed(bytes[i...i]) } }()) { error in
            let e = error as? ArrowError
            XCTAssertEqual(e?.kind, .invalidFormat)
            XCTAssertEqual(e?.byteOffset, schemaEnd)
        }
    }

    /// Damaged streams: the push decoder, fed in random chunks, fails exactly when the
    /// whole-buffer reader fails (with a typed error), and otherwise gives the same batches.
    func testDamagedStreamsFailExactlyWhenTheWholeBufferReaderFails() throws {
        var rng = SplitMix64(seed: 0xDA3A6E)
        var failures = 0
        var successes = 0
        for url in try TestSupport.fixtures(".stream") {
            let original = try TestSupport.bytes(url)
            for _ in 0..<12 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let i = Int.random(in: 0..<bytes.count, using: &rng)
                    bytes[i] = UInt8.random(in: 0...255, using: &rng)
                }
                if Bool.random(using: &rng) { bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng))) }
                let expected = Result { try Self.wholeBufferReading(bytes) }
                let seed = UInt64.random(in: 0...UInt64.max, using: &rng)
                let got = Result { try Self.pushReading(bytes, chunkSizes: { Int.random(in: 1...64, using: &$0) }, seed: seed).0 }
                switch (expected, got) {
                case (.success(let e), .success(let g)):
                    successes += 1
                    XCTAssertEqual(g.schema, e.schema, url.lastPathComponent)
                    assertIdentical(g.batches, e.batches, "damaged \(url.lastPathComponent)")
                case (.failure, .failure(let error)):
                    failures += 1
                    XCTAssertTrue(error is ArrowError, "\(error)")
                case (.success, .failure(let error)):
                    XCTFail("\(url.lastPathComponent): push decoder failed where StreamReader read: \(error)")
                case (.failure(let error), .success):
                    XCTFail("\(url.lastPathComponent): push decoder read where StreamReader failed: \(error)")
                }
            }
        }
        XCTAssertGreaterThan(failures, 50)
        XCTAssertGreaterThan(successes, 20)
    }

    func testBytesAfterTheEndOfStreamMarkerAreIgnoredAsByStreamReader() throws {
        let bytes = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent("integers.stream")) + [1, 2, 3, 4, 5]
        let expected = try Self.wholeBufferReading(bytes)
        let (got, _) = try Self.pushReading(bytes, chunkSizes: { _ in 2 })
        assertIdentical(got.batches, expected.batches, "trailing bytes")
    }
}
