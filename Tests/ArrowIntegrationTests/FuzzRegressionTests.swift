import ArrowIPC
import ArrowIntegration
import ArrowMemory
import ArrowTestSupport
import XCTest

/// The clusterfuzz reproducers of arrow-testing: reading and fully validating
/// each must end in success or a thrown `ArrowError`, never a crash. Files that
/// read and validate are also printed as integration JSON.
final class FuzzRegressionTests: XCTestCase {
    func testClusterfuzzFilesDoNotCrash() throws {
        guard let root = ProcessInfo.processInfo.environment["ARROW_TEST_DATA"], !root.isEmpty else {
            throw XCTSkip("ARROW_TEST_DATA is not set; point it at arrow-testing/data to run the fuzz regression tests")
        }
        let dir = "\(root)/arrow-ipc-stream"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { $0.hasPrefix("clusterfuzz-") }
            .sorted()
        XCTAssertFalse(names.isEmpty, "no clusterfuzz files in \(dir)")
        var valid = 0
        var rejected = 0
        for name in names {
            do {
                let contents = try IPCContents.read(path: "\(dir)/\(name)")
                try contents.validate(.full)
                _ = try IntegrationFile(contents: contents).jsonBytes()
                valid += 1
            } catch {
                rejected += 1
            }
        }
        print("fuzz: \(names.count) files, \(valid) valid, \(rejected) rejected with an error, 0 crashes")
        XCTAssertEqual(valid + rejected, names.count)
    }
}

/// Gold IPC files with a few bytes overwritten (seeded, so every run sees the
/// same inputs): reading, validating, printing as JSON and comparing must end
/// in a result or a thrown error, never a trap.
final class ByteFlipRegressionTests: XCTestCase {
    func testDamagedGoldFilesDoNotCrash() throws {
        guard let root = ProcessInfo.processInfo.environment["ARROW_TEST_DATA"], !root.isEmpty else {
            throw XCTSkip("ARROW_TEST_DATA is not set; point it at arrow-testing/data to run the fuzz regression tests")
        }
        var rng = SplitMix64(seed: 0xF11E)
        var read = 0
        var rejected = 0
        for dir in ConformanceTests.directories {
            let path = "\(root)/arrow-ipc-stream/integration/\(dir)"
            let names = try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { $0.hasSuffix(".arrow_file") || $0.hasSuffix(".stream") }
                .sorted()
            for name in names {
                let original = ArrowBuffer(storage: try ByteStorage.readFile(atPath: "\(path)/\(name)")).bytes
                guard !original.isEmpty else { continue }
                for _ in 0..<8 {
                    var bytes = original
                    for _ in 0..<Int.random(in: 1...4, using: &rng) {
                        let k = Int.random(in: 0..<bytes.count, using: &rng)
                        bytes[k] = Int.random(in: 0..<3, using: &rng) == 0 ? 0xFF : UInt8.random(in: 0...255, using: &rng)
                    }
                    do {
                        let contents = try IPCContents.read(ArrowBuffer(copying: bytes))
                        try contents.validate(.full)
                        let file = IntegrationFile(contents: contents)
                        _ = try file.jsonBytes()
                        _ = ArrayComparison.firstDifference(expected: file, actual: file)
                        read += 1
                    } catch {
                        rejected += 1
                    }
                }
            }
        }
        print("damaged IPC: \(read) read, \(rejected) rejected, 0 crashes")
        XCTAssertGreaterThan(read + rejected, 0)
    }
}
