import ArrowMemory
import XCTest

@testable import ArrowIPC

/// The writer checks an upper bound of each FlatBuffer's size before building it
/// (the builder stops the program past 2 GiB). The bound must really be an upper
/// bound, or the check would let an oversized schema through to the builder.
final class MetadataSizeBoundTests: XCTestCase {
    func testBoundIsAtLeastTheEncodedSizeForEveryFixture() throws {
        var checked = 0
        for url in try TestSupport.fixtures(".stream") {
            let reader = try StreamReader(bytes: try TestSupport.bytes(url))
            let schema = DictionaryIds.assign(reader.schema)
            let encoded = try MetadataEncoder.message(.schema(schema), bodyLength: 0, version: .v5, metadata: reader.messageMetadata)
            XCTAssertGreaterThanOrEqual(
                MetadataSizeBound.add(128, MetadataSizeBound.schema(schema), MetadataSizeBound.keyValues(reader.messageMetadata)),
                encoded.count, url.lastPathComponent)
            for batch in try reader.readAll() {
                let body = try BodySerializer.serialize(batch.columns, length: batch.length, version: .v5)
                let message = try MetadataEncoder.message(.recordBatch(body.header), bodyLength: body.bodyLength, version: .v5, metadata: batch.metadata)
                XCTAssertGreaterThanOrEqual(
                    MetadataSizeBound.add(128, MetadataSizeBound.recordBatch(body.header), MetadataSizeBound.keyValues(batch.metadata)),
                    message.count, url.lastPathComponent)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 10)
    }

    func testOversizedMetadataThrowsInsteadOfTrapping() {
        XCTAssertThrowsError(try MetadataSizeBound.check(MetadataSizeBound.limit + 1, "schema message")) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .invalidArgument)
        }
        XCTAssertNoThrow(try MetadataSizeBound.check(MetadataSizeBound.limit, "schema message"))
        // A footer listing more blocks than 2 GiB can hold (a stream of ~90 million
        // tiny batches) is refused from the count alone.
        XCTAssertThrowsError(try MetadataSizeBound.footer(schema: Schema([]), blocks: 90_000_000, metadata: []))
        XCTAssertNoThrow(try MetadataSizeBound.footer(schema: Schema([]), blocks: 1_000_000, metadata: []))
    }
}
