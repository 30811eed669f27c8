import ArrowFlatBuffers
import ArrowMemory
import XCTest

/// A table is `Sendable`: many tasks may read one FlatBuffer at once. Their
/// reads share one table budget, so the budget must count correctly under
/// contention (`make test-tsan` runs this under ThreadSanitizer).
final class ConcurrentReadTests: XCTestCase {
    /// A root table whose slot 0 is a vector of `count` child tables, each with an int32.
    private func buffer(children count: Int) -> ArrowBuffer {
        var b = FlatBufferBuilder()
        var children: [FlatBufferOffset] = []
        for i in 0..<count {
            b.startTable(fieldCount: 1)
            b.add(field: 0, Int32(i), default: -1)
            children.append(b.endTable())
        }
        let vector = b.createVector(of: children)
        b.startTable(fieldCount: 1)
        b.addOffset(field: 0, vector)
        let root = b.endTable()
        b.finish(root: root)
        return ArrowBuffer(copying: b.finishedBytes)
    }

    func testManyTasksReadOneTableAndShareItsBudget() async throws {
        let children = 20_000
        let tasks = 8
        let root = try FlatBufferTable(root: buffer(children: children), limits: FlatBufferLimits(maxTables: 1 + children * tasks))
        let sums = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    let v = try XCTUnwrap(try root.vector(0, elementSize: 4, field: "children"))
                    var sum = 0
                    for i in 0..<v.count { sum += Int(try v.table(at: i, field: "child").scalar(0, default: Int32(-1), field: "x")) }
                    return sum
                }
            }
            var all: [Int] = []
            for try await s in group { all.append(s) }
            return all
        }
        XCTAssertEqual(sums, Array(repeating: children * (children - 1) / 2, count: tasks))
        // Every table of every task was counted: one more visit is over the budget.
        let v = try XCTUnwrap(try root.vector(0, elementSize: 4, field: "children"))
        XCTAssertThrowsError(try v.table(at: 0, field: "child")) { error in
            XCTAssertEqual((error as? FlatBufferError)?.reason, .tooManyTables(limit: 1 + children * tasks))
        }
    }
}
