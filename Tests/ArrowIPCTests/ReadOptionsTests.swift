import ArrowIPC
import ArrowTestSupport
import Foundation
import XCTest

/// `IPCReadOptions`: projection, validation level and threads, the same through
/// the stream, file and push readers.
final class ReadOptionsTests: XCTestCase {
    /// The batches of `bytes` (a stream) read by the three stream paths with `options`;
    /// the push decoder is fed 333-byte chunks.
    static func streamReadings(_ bytes: [UInt8], _ options: IPCReadOptions) throws -> [[RecordBatch]] {
        let pulled = try StreamReader(bytes: bytes, options: options).readAll()
        var decoder = StreamDecoder(options: options)
        var pushed: [RecordBatch] = []
        var start = 0
        while start < bytes.count {
            let end = min(start + 333, bytes.count)
            for case .recordBatch(let b) in try decoder.feed(bytes[start..<end]) { pushed.append(b) }
            start = end
        }
        try decoder.finish()
        return [pulled, pushed]
    }

    static func projected(_ batches: [RecordBatch], _ indices: [Int]) -> [RecordBatch] {
        batches.map { b in
            var schema = b.schema
            schema.fields = indices.map { b.schema.fields[$0] }
            return RecordBatch(schema: schema, length: b.length, columns: indices.map { b.columns[$0] }, metadata: b.metadata)
        }
    }

    /// Reading only some columns gives exactly those columns of a full reading, in
    /// the projection's order, for every fixture stream and file and both ways to name them.
    func testProjectionEqualsTheSelectedColumnsOfAFullRead() throws {
        var checked = 0
        for url in try TestSupport.fixtures(".stream") {
            let bytes = try TestSupport.bytes(url)
            let full = try StreamReader(bytes: bytes)
            let all = try full.readAll()
            let count = full.schema.fields.count
            var selections: [[Int]] = (0..<count).map { [$0] }
            selections.append(Array((0..<count).reversed()))
            if count > 2 { selections.append([count - 1, 0]) }
            for indices in selections {
                let expected = Self.projected(all, indices)
                for (k, got) in try Self.streamReadings(bytes, IPCReadOptions(projection: .indices(indices))).enumerated() {
                    assertIdentical(got, expected, "\(url.lastPathComponent) \(indices) path \(k)")
                }
                let names = indices.map { full.schema.fields[$0].name }
                if Set(names).count == names.count, names.allSatisfy({ n in full.schema.fields.filter { $0.name == n }.count == 1 }) {
                    let byName = try StreamReader(bytes: bytes, options: IPCReadOptions(projection: .names(names)))
                    XCTAssertEqual(byName.schema.fields, indices.map { full.schema.fields[$0] })
                    assertIdentical(try byName.readAll(), expected, "\(url.lastPathComponent) \(names)")
                }
                checked += 1
            }
            let fileURL = url.deletingPathExtension().appendingPathExtension("arrow_file")
            if FileManager.default.fileExists(atPath: fileURL.path) {
                let fileAll = try FileReader(path: fileURL.path).readAll()
                let indices = Array((0..<count).reversed())
                let projectedFile = try FileReader(path: fileURL.path, options: IPCReadOptions(projection: .indices(indices)))
                assertIdentical(try projectedFile.readAll(), Self.projected(fileAll, indices), fileURL.lastPathComponent)
            }
        }
        XCTAssertGreaterThan(checked, 60)
    }

    /// Every single column of every gold stream (views, unions before and after V5,
    /// run-end encoded, compressed, big-endian) reads alone as in a full reading.
    func testProjectionOfEveryGoldStreamColumn() throws {
        guard let root = ProcessInfo.processInfo.environment["ARROW_TEST_DATA"], !root.isEmpty else {
            throw XCTSkip("ARROW_TEST_DATA is not set; point it at arrow-testing/data to run the gold streams")
        }
        let base = URL(fileURLWithPath: root).appendingPathComponent("arrow-ipc-stream/integration")
        var checked = 0
        for version in try FileManager.default.contentsOfDirectory(atPath: base.path).sorted() {
            let dir = base.appendingPathComponent(version)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".stream") {
                let bytes = try TestSupport.bytes(dir.appendingPathComponent(name))
                guard let full = try? StreamReader(bytes: bytes), let all = try? full.readAll() else { continue }
                for i in full.schema.fields.indices {
                    for (k, got) in try Self.streamReadings(bytes, IPCReadOptions(projection: .indices([i]))).enumerated() {
                        assertIdentical(got, Self.projected(all, [i]), "\(version)/\(name) column \(i) path \(k)")
                    }
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 200)
    }

    func testProjectionErrors() throws {
        let bytes = try TestSupport.bytes(TestSupport.fixtureDirectory.appendingPathComponent("integers.stream"))
        for projection: IPCReadOptions.Projection in [.indices([99]), .indices([-1]), .indices([0, 0]), .names(["no such column"])] {
            XCTAssertThrowsError(try StreamReader(bytes: bytes, options: IPCReadOptions(projection: projection))) { error in
                XCTAssertEqual((error as? ArrowError)?.kind, .invalidArgument)
            }
        }
    }

    /// A stream whose second column is compressed with a corrupt Zstandard frame:
    /// a full read fails, a read of the first column never decompresses it.
    func testUnselectedColumnsAreNotDecompressed() throws {
        let words = (0..<2000).map { "value \($0 % 17) of a compressible column" }
        let batch = try RecordBatch([("id", ArrayData((0..<2000).map { Int64?($0) })), ("text", ArrayData(words))])
        var bytes = try StreamWriter.bytes(schema: batch.schema, batches: [batch], options: IPCWriteOptions(compression: .zstd))
        let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]
        let frames = (0..<bytes.count - 4).filter { Array(bytes[$0..<$0 + 4]) == magic }
        XCTAssertEqual(frames.count, 3, "id values, text offsets and text data are compressed")
        let good = try StreamReader(bytes: bytes).readAll()
        // Break the last frame (the text data): its magic number.
        bytes[frames[2]] ^= 0xFF
        XCTAssertThrowsError(try StreamReader(bytes: bytes).readAll()) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .invalidData)
        }
        for options in [IPCReadOptions(projection: .names(["id"])), IPCReadOptions(projection: .indices([0]), useThreads: false)] {
            for got in try Self.streamReadings(bytes, options) {
                assertIdentical(got, Self.projected(good, [0]), "id only")
            }
        }
    }

    /// Column values the structural checks let through are caught at the level asked for.
    func testValidationLevels() throws {
        // "text" holds invalid UTF-8; "list" has offsets that go backwards.
        let text = ArrayData(
            type: .utf8, length: 2,
            buffers: [
                ArrowBuffer(copying: [0, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0] as [UInt8]),
                ArrowBuffer(copying: [0x41, 0xFF, 0xFE] as [UInt8]),
            ])
        let list = ArrayData(
            type: .list(Field("item", .int8)), length: 2,
            buffers: [ArrowBuffer(copying: [0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0] as [UInt8])],
            children: [ArrayData([1, 2, 3] as [Int8?])])
        let ids = ArrayData([1, 2] as [Int32?])
        let batch = try RecordBatch([("id", ids), ("text", text), ("list", list)])
        let bytes = try StreamWriter.bytes(schema: batch.schema, batches: [batch])
        let fileBytes = try FileWriter.bytes(schema: batch.schema, batches: [batch])

        func read(_ options: IPCReadOptions) throws -> [[RecordBatch]] {
            try Self.streamReadings(bytes, options) + [try FileReader(bytes: fileBytes, options: options).readAll()]
        }
        XCTAssertEqual(try read(IPCReadOptions()).map(\.count), [1, 1, 1], "structure only: reads")
        func expectFailure(_ options: IPCReadOptions, field: String) {
            XCTAssertThrowsError(try StreamReader(bytes: bytes, options: options).readAll()) { error in
                XCTAssertEqual((error as? ArrowError)?.kind, .invalidData)
                XCTAssertEqual((error as? ArrowError)?.fieldPath, field)
            }
            XCTAssertThrowsError(try Self.streamReadings(bytes, options)) { error in
                XCTAssertEqual((error as? ArrowError)?.fieldPath, field)
            }
            XCTAssertThrowsError(try FileReader(bytes: fileBytes, options: options).readAll()) { error in
                XCTAssertEqual((error as? ArrowError)?.fieldPath, field)
            }
        }
        expectFailure(IPCReadOptions(validation: .values), field: "list")
        XCTAssertEqual(
            try read(IPCReadOptions(projection: .names(["id", "text"]), validation: .values)).map(\.count), [1, 1, 1],
            "invalid UTF-8 passes the value checks")
        expectFailure(IPCReadOptions(projection: .names(["id", "text"]), validation: .full), field: "text")
        XCTAssertEqual(
            try read(IPCReadOptions(projection: .names(["id"]), validation: .full)).map(\.count), [1, 1, 1],
            "unselected columns are not validated")
    }

    func testThreadedAndSingleThreadedDecompressionAgree() throws {
        // A batch large enough (over 1 MiB compressed) for the threaded path.
        var rng = SplitMix64(seed: 11)
        let values = (0..<400_000).map { _ in Int64?(Int64.random(in: 0..<1_000_000_000, using: &rng)) }
        let batch = try RecordBatch([("a", ArrayData(values)), ("b", ArrayData(values.reversed()))])
        let bytes = try StreamWriter.bytes(schema: batch.schema, batches: [batch], options: IPCWriteOptions(compression: .lz4Frame))
        XCTAssertGreaterThan(bytes.count, 2 << 20)
        let threaded = try StreamReader(bytes: bytes, options: IPCReadOptions(useThreads: true)).readAll()
        let single = try StreamReader(bytes: bytes, options: IPCReadOptions(useThreads: false)).readAll()
        assertIdentical(single, threaded, "threads")
        XCTAssertTrue(try single[0].columns[0].logicallyEquals(batch.columns[0]))
        // And the compressed gold streams read the same either way.
        guard let root = ProcessInfo.processInfo.environment["ARROW_TEST_DATA"], !root.isEmpty else { return }
        let dir = URL(fileURLWithPath: root).appendingPathComponent("arrow-ipc-stream/integration/2.0.0-compression")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".stream") {
            let gold = try TestSupport.bytes(dir.appendingPathComponent(name))
            assertIdentical(
                try StreamReader(bytes: gold, options: IPCReadOptions(useThreads: false)).readAll(),
                try StreamReader(bytes: gold).readAll(), name)
        }
    }
}
