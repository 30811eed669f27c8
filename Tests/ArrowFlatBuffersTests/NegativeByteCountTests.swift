import ArrowMemory
import Foundation
import XCTest

/// A negative byte count is a caller error, as for `Array(repeating:count:)`:
/// every initializer that takes one stops the process with a message naming
/// it, instead of storing it (`ByteStorage` did) or failing inside the
/// standard library in debug builds only (`ArrowBuffer(count:)` did).
///
/// A trap cannot be caught in process, so the test runs itself again in a
/// child process, which performs one probe (named by an environment variable)
/// and must die of a signal with the message on standard error.
final class NegativeByteCountTests: XCTestCase {
    private static let probeVariable = "ARROWIPC_NEGATIVE_COUNT_PROBE"
    private static let probes = [
        "ByteStorage(allocating:)", "ByteStorage(allocatingUninitialized:)",
        "ByteStorage(unsafeBase:count:keeping:)", "ArrowBuffer(count:initializingWith:)",
    ]

    func testNegativeCountsStopWithAMessage() throws {
        if let probe = ProcessInfo.processInfo.environment[Self.probeVariable] {
            // Child process: this must trap. Returning lets the child exit
            // normally, which the parent reports as a failure.
            Self.perform(probe)
            return
        }
        let executable = CommandLine.arguments[0]
        guard executable.hasSuffix(".xctest") else {
            throw XCTSkip("the test runner \(executable) cannot run one test in a child process")
        }
        for probe in Self.probes {
            let (status, reason, stderr) = try Self.runChild(executable, probe: probe)
            XCTAssertEqual(reason, .uncaughtSignal, "\(probe): exited with status \(status) instead of trapping")
            #if DEBUG
                XCTAssertTrue(stderr.contains("negative byte count -3"), "\(probe): \(stderr.suffix(2000))")
            #endif
        }
    }

    private static func perform(_ probe: String) {
        let keeper = ByteStorage(allocating: 8)
        switch probe {
        case "ByteStorage(allocating:)": print(ByteStorage(allocating: -3).count)
        case "ByteStorage(allocatingUninitialized:)": print(ByteStorage(allocatingUninitialized: -3).count)
        case "ByteStorage(unsafeBase:count:keeping:)":
            print(ByteStorage(unsafeBase: keeper.base, count: -3, keeping: keeper).count)
        case "ArrowBuffer(count:initializingWith:)": print(ArrowBuffer(count: -3) { _ in }.count)
        default: print("unknown probe \(probe)")
        }
    }

    private static func runChild(_ executable: String, probe: String) throws -> (Int32, Process.TerminationReason, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("negative-count-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let errors = directory.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errors.path])
        }
        let handle = try FileHandle(forWritingTo: errors)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["ArrowFlatBuffersTests.NegativeByteCountTests/testNegativeCountsStopWithAMessage"]
        var environment = ProcessInfo.processInfo.environment
        environment[probeVariable] = probe
        environment["SWIFT_BACKTRACE"] = "enable=no"  // no slow symbolication of the expected crash
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason, String(decoding: try Data(contentsOf: errors), as: UTF8.self))
    }
}
