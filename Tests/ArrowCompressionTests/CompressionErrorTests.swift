import ArrowCompression
import XCTest

final class CompressionErrorTests: XCTestCase {
    func testDescriptionSaysFormatAndOffset() {
        let e = CompressionError(format: "zstd", "bad magic", offset: 0)
        XCTAssertEqual(e.description, "zstd: bad magic (compressed byte 0)")
    }

    /// A negative `limit` is a caller error both codecs report alike (LZ4
    /// used to treat it as 0, Zstandard threw): whatever the input, even input
    /// that decodes to nothing, before any decoding.
    func testNegativeLimitThrowsInBothCodecs() {
        let lz4Empty = LZ4Frame.compress([UInt8]())
        let zstdEmpty = Zstd.compress([UInt8]())
        for limit in [-1, -1000, Int.min] {
            for (name, decode) in [
                ("lz4 frame", { () throws(CompressionError) -> [UInt8] in try LZ4Frame.decompress(lz4Empty, limit: limit) }),
                ("lz4 frame", { () throws(CompressionError) -> [UInt8] in try LZ4Frame.decompress([UInt8](), limit: limit) }),
                ("lz4 frame", { () throws(CompressionError) -> [UInt8] in try LZ4Frame.decompress(lz4Empty, expectedSize: 0, limit: limit) }),
                ("zstd", { () throws(CompressionError) -> [UInt8] in try Zstd.decompress(zstdEmpty, limit: limit) }),
                ("zstd", { () throws(CompressionError) -> [UInt8] in try Zstd.decompress([UInt8](), limit: limit) }),
                ("zstd", { () throws(CompressionError) -> [UInt8] in try Zstd.decompress(zstdEmpty, expectedSize: 0, limit: limit) }),
            ] as [(String, () throws(CompressionError) -> [UInt8])] {
                do {
                    let result = try decode()
                    XCTFail("\(name) with limit \(limit) returned \(result.count) bytes")
                } catch {
                    XCTAssertEqual(error, CompressionError(format: name, "negative output limit \(limit)", offset: 0))
                }
            }
        }
        // A limit of 0 still accepts input that decodes to nothing.
        XCTAssertEqual(try LZ4Frame.decompress(lz4Empty, limit: 0), [])
        XCTAssertEqual(try Zstd.decompress(zstdEmpty, limit: 0), [])
    }
}
