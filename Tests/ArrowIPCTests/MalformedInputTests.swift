import ArrowIPC
import ArrowMemory
import ArrowTestSupport
import XCTest

/// Damaged input must end in a thrown error (or a valid reading), never a trap or a hang.
final class MalformedInputTests: XCTestCase {
    /// Reads and fully validates, as `arrow-ipc validate` does; returns whether it succeeded.
    @discardableResult
    private func readFully(_ bytes: [UInt8]) -> Bool {
        do {
            let contents = try IPCContents.read(ArrowBuffer(copying: bytes))
            try contents.validate(.full)
            for batch in contents.batches {
                for column in batch.columns { _ = try? renderedValues(column) }
            }
            return true
        } catch {
            XCTAssertFalse(error.message.isEmpty, "errors say what went wrong")
            return false
        }
    }

    func testEveryTruncationThrowsOrReads() throws {
        for url in try TestSupport.fixtures(".stream") + TestSupport.fixtures(".arrow_file") {
            let bytes = try TestSupport.bytes(url)
            guard bytes.count < 20_000 else { continue }
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
                readFully(Array(bytes[0..<cut]))
            }
        }
    }

    func testTruncatedBodyNamesTheProblem() throws {
        let url = try XCTUnwrap(try TestSupport.fixtures(".stream").first { $0.lastPathComponent.hasPrefix("integers") })
        let bytes = try TestSupport.bytes(url)
        XCTAssertThrowsError(try IPCContents.read(ArrowBuffer(copying: bytes.dropLast(20)))) { error in
            let e = error as? ArrowError
            XCTAssertEqual(e?.kind, .invalidFormat)
            XCTAssertNotNil(e?.byteOffset)
            XCTAssertTrue("\(error)".contains("stream ends inside message body"), "\(error)")
        }
    }

    /// Seeded random byte changes of every fixture.
    func testRandomByteFlipsThrowOrRead() throws {
        var rng = SplitMix64(seed: 0xA770)
        for url in try TestSupport.fixtures(".stream") + TestSupport.fixtures(".arrow_file") {
            let bytes = try TestSupport.bytes(url)
            guard bytes.count < 20_000 else { continue }
            for _ in 0..<60 {
                var damaged = bytes
                for _ in 0..<Int(rng.next() % 4 + 1) {
                    let i = Int(rng.next() % UInt64(damaged.count))
                    damaged[i] = UInt8(truncatingIfNeeded: rng.next())
                }
                readFully(damaged)
            }
        }
    }

    func testGarbageIsNotAStream() {
        XCTAssertThrowsError(try StreamReader(bytes: [1, 2, 3, 4, 5, 6, 7, 8])) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .invalidFormat)
        }
        XCTAssertThrowsError(try StreamReader(bytes: []))
        XCTAssertThrowsError(try FileReader(buffer: ArrowBuffer(copying: Array("ARROW1\0\0ARROW1".utf8))))
    }
}
