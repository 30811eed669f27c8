import ArrowIPC
import ArrowMemory
import ArrowTestSupport
import Foundation
import XCTest

/// Every pyarrow fixture reads, with pyarrow's type names, row counts, and the
/// same values from the stream and the file.
final class FixtureReadingTests: XCTestCase {
    func testEveryFixtureReadsWithPyarrowTypeNames() throws {
        let manifest = try Manifest.load()
        XCTAssertGreaterThan(manifest.cases.count, 20)
        for c in manifest.cases {
            for (kind, optionalEntry) in c.files where kind == "stream" || kind == "file" {
                guard let entry = optionalEntry else { continue }
                let url = TestSupport.fixtureDirectory.appendingPathComponent(entry.path)
                let contents = try IPCContents.read(path: url.path)
                XCTAssertEqual(contents.schema.fields.count, c.fields.count, "\(c.name) \(kind)")
                for (field, expected) in zip(contents.schema.fields, c.fields) {
                    XCTAssertEqual(field.name, expected.name, "\(c.name)")
                    if expected.type.contains("extension<") {
                        // pyarrow prints registered extensions by their Python class; we keep the
                        // storage type and the extension name in the field metadata.
                        let names = extensionNames(field)
                        XCTAssertFalse(names.isEmpty, "\(c.name).\(field.name)")
                        for name in names { XCTAssertTrue(expected.type.contains(name), "\(expected.type) vs \(name)") }
                    } else {
                        XCTAssertEqual(field.type.description, expected.type, "\(c.name).\(field.name)")
                    }
                    XCTAssertEqual(field.nullable, expected.nullable, "\(c.name).\(field.name)")
                }
                XCTAssertEqual(contents.batches.count, c.num_batches, "\(c.name) \(kind)")
                XCTAssertEqual(contents.batches.reduce(0) { $0 + $1.length }, c.num_rows, "\(c.name) \(kind)")
                XCTAssertNoThrow(try contents.validate(.full), "\(c.name) \(kind)")
            }
        }
    }

    func testStreamAndFileHoldTheSameValues() throws {
        for c in try Manifest.load().cases {
            guard let s = c.files["stream"] ?? nil, let f = c.files["file"] ?? nil else { continue }
            let stream = try IPCContents.read(path: TestSupport.fixtureDirectory.appendingPathComponent(s.path).path)
            let file = try IPCContents.read(path: TestSupport.fixtureDirectory.appendingPathComponent(f.path).path)
            XCTAssertEqual(stream.batches.count, file.batches.count, c.name)
            for (a, b) in zip(stream.batches, file.batches) {
                for (x, y) in zip(a.columns, b.columns) {
                    XCTAssertEqual(try renderedValues(x), try renderedValues(y), c.name)
                }
            }
        }
    }

    /// Arrow C++ writes a zero-length validity buffer when a column has no nulls;
    /// that must read as "all valid", never as bits.
    func testZeroLengthValidityMeansNoNulls() throws {
        var checked = 0
        for url in try TestSupport.fixtures(".stream") {
            let reader = try StreamReader(buffer: ArrowBuffer(copying: TestSupport.bytes(url)))
            while let batch = try reader.next() {
                for (field, column) in zip(batch.schema.fields, batch.columns) where field.nullable && column.nullCount == 0 && column.length > 0 {
                    if case .int64 = field.type {
                        XCTAssertNil(column.validity)
                        XCTAssertFalse(try PrimitiveArray<Int64>(column).contains(nil), "\(url.lastPathComponent) \(field.name)")
                        checked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 0, "some fixture has a nullable int64 column without nulls")
    }

    /// A blob can start at any address (e.g. after a 4-byte prefix): reading from
    /// every misalignment gives the same values.
    func testUnalignedInputReadsTheSame() throws {
        for url in try TestSupport.fixtures(".stream") {
            let bytes = try TestSupport.bytes(url)
            let aligned = try IPCContents.read(ArrowBuffer(copying: bytes))
            for shift in [1, 3, 4, 7] {
                let padded = ArrowBuffer(copying: [UInt8](repeating: 0xAA, count: shift) + bytes)
                let shifted = try IPCContents.read(try XCTUnwrap(padded.getSlice(from: shift)))
                for (a, b) in zip(aligned.batches, shifted.batches) {
                    for (x, y) in zip(a.columns, b.columns) {
                        XCTAssertEqual(try renderedValues(x), try renderedValues(y), "\(url.lastPathComponent) shift \(shift)")
                    }
                }
            }
        }
    }

    /// Reading from a pipe yields the same batches as reading from memory.
    func testReadsStreamFromPipe() throws {
        let url = try XCTUnwrap(try TestSupport.fixtures(".stream").first { $0.lastPathComponent.hasPrefix("large_1000_rows") })
        let bytes = try TestSupport.bytes(url)
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let writeEnd = fds[1]
        let writer = Thread {
            bytes.withUnsafeBytes { p in
                var done = 0
                while done < p.count {
                    let n = write(writeEnd, p.baseAddress! + done, p.count - done)
                    if n <= 0 { break }
                    done += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        let reader = try StreamReader(fileDescriptor: fds[0])
        let fromPipe = try reader.readAll()
        close(fds[0])
        let fromMemory = try IPCContents.read(ArrowBuffer(copying: bytes)).batches
        XCTAssertEqual(fromPipe.count, fromMemory.count)
        for (a, b) in zip(fromPipe, fromMemory) {
            XCTAssertEqual(a.length, b.length)
            for (x, y) in zip(a.columns, b.columns) { XCTAssertEqual(try renderedValues(x), try renderedValues(y)) }
        }
    }
}

private func extensionNames(_ field: Field) -> [String] {
    (field.extensionName.map { [$0] } ?? []) + field.type.children.flatMap(extensionNames)
}
