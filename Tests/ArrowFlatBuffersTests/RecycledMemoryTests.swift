import ArrowMemory
import Dispatch
import XCTest

/// Released 64 KiB-16 MiB blocks of `ByteStorage(allocatingUninitialized:)` are
/// kept for reuse, most recent first, within `recycledMemoryLimit`.
final class RecycledMemoryTests: XCTestCase {
    private var savedLimit = 0

    override func setUp() {
        savedLimit = ByteStorage.recycledMemoryLimit
        ByteStorage.recycledMemoryLimit = 0  // start empty
        ByteStorage.recycledMemoryLimit = 64 << 20
    }

    override func tearDown() {
        ByteStorage.recycledMemoryLimit = savedLimit
    }

    func testDefaultLimitIs64MiB() {
        XCTAssertEqual(savedLimit, 64 << 20)
    }

    func testReleasedBlockIsReusedForTheSameSize() {
        var first: ByteStorage? = ByteStorage(allocatingUninitialized: 1 << 20)
        let address = first?.base
        first = nil
        XCTAssertEqual(ByteStorage.recycledMemoryBytes, 1 << 20)
        let second = ByteStorage(allocatingUninitialized: (1 << 20) - 100)  // same page-rounded size
        XCTAssertEqual(second.base, address)
        XCTAssertEqual(second.count, (1 << 20) - 100)
        XCTAssertEqual(ByteStorage.recycledMemoryBytes, 0)
    }

    func testSizesOutsideTheRangeAreNotKept() {
        _ = ByteStorage(allocatingUninitialized: 32 << 10)
        _ = ByteStorage(allocatingUninitialized: 17 << 20)
        _ = ByteStorage(allocating: 1 << 20)  // zeroed storage is not recycled
        XCTAssertEqual(ByteStorage.recycledMemoryBytes, 0)
    }

    func testOldestBlocksAreFreedBeyondTheLimit() {
        ByteStorage.recycledMemoryLimit = 3 << 20
        var blocks = (0..<4).map { _ in ByteStorage(allocatingUninitialized: 1 << 20) }
        let newest = blocks[3].base
        blocks.removeAll()
        XCTAssertEqual(ByteStorage.recycledMemoryBytes, 3 << 20)
        XCTAssertEqual(ByteStorage(allocatingUninitialized: 1 << 20).base, newest, "most recent first")
        ByteStorage.recycledMemoryLimit = 0
        XCTAssertEqual(ByteStorage.recycledMemoryBytes, 0)
        _ = ByteStorage(allocatingUninitialized: 1 << 20)
        XCTAssertEqual(ByteStorage.recycledMemoryBytes, 0, "limit 0 turns reuse off")
    }

    func testConcurrentUseKeepsTheBookkeeping() {
        ByteStorage.recycledMemoryLimit = 8 << 20
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for k in 0..<100 {
                let size = (64 << 10) * (1 + (i + k) % 5)
                let storage = ByteStorage(allocatingUninitialized: size)
                storage.base.storeBytes(of: UInt64(i), as: UInt64.self)
                (storage.base + size - 8).storeBytes(of: UInt64(k), as: UInt64.self)
                XCTAssertEqual(storage.base.load(as: UInt64.self), UInt64(i))
            }
        }
        XCTAssertLessThanOrEqual(ByteStorage.recycledMemoryBytes, 8 << 20)
        XCTAssertGreaterThan(ByteStorage.recycledMemoryBytes, 0)
    }
}
