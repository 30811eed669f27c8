import Foundation
import XCTest

/// Finds the Python interpreter for differential tests and runs processes.
///
/// The interpreter is `$ARROWIPC_PYTHON` if set, otherwise
/// `<package root>/.venv/bin/python` if it exists; without either, tests that
/// need Python are skipped.
public enum PythonRunner {
    /// The output of a finished process.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data

        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The package root: this file is `<root>/Tests/ArrowTestSupport/PythonRunner.swift`.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Tests/NAME`, where a test target keeps its Python scripts.
    public static func testDirectory(_ target: String) -> URL {
        packageRoot.appendingPathComponent("Tests").appendingPathComponent(target)
    }

    /// The `arrow-ipc` CLI built beside the test bundle (or in `.build/debug`),
    /// or an `XCTSkip` when it is not built.
    public static func cliExecutable() throws -> String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir.appendingPathComponent("arrow-ipc"), packageRoot.appendingPathComponent(".build/debug/arrow-ipc")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate.path
        }
        throw XCTSkip("arrow-ipc is not built next to the tests")
    }

    /// The Python interpreter to use, or nil if none is configured.
    public static func python() -> String? {
        if let configured = ProcessInfo.processInfo.environment["ARROWIPC_PYTHON"], !configured.isEmpty {
            return configured
        }
        let venv = packageRoot.appendingPathComponent(".venv/bin/python").path
        if FileManager.default.isExecutableFile(atPath: venv) {
            return venv
        }
        return nil
    }

    /// The Python interpreter, or an `XCTSkip` explaining how to provide one.
    public static func requirePython() throws -> String {
        if let python = python() {
            return python
        }
        let message =
            "No Python interpreter: set ARROWIPC_PYTHON or create \(packageRoot.path)/.venv "
            + "(pip install -r Fixtures/requirements.txt); skipping the differential test."
        print(message)
        throw XCTSkip(message)
    }

    /// A new empty temporary directory.
    public static func makeTemporaryDirectory(prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Runs `executable` with `arguments` and waits for it. Standard output and
    /// error go to files in `workDirectory` (no pipes, so a chatty child cannot
    /// block).
    public static func run(_ executable: String, arguments: [String], workDirectory: URL) throws -> Output {
        let stdoutURL = workDirectory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let stderrURL = workDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: stdoutURL.path, contents: nil),
            FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        else {
            throw Failure(description: "could not create output files in \(workDirectory.path)")
        }
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? stdoutHandle.close()
            try? stderrHandle.close()
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        do {
            try process.run()
        } catch {
            throw Failure(description: "could not start \(executable): \(error)")
        }
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: try Data(contentsOf: stdoutURL),
            stderr: try Data(contentsOf: stderrURL)
        )
    }

    /// Runs the Python script `Tests/<target>/<script>` with the configured
    /// interpreter; throws if it exits with a non-zero status.
    public static func runScript(_ script: String, in target: String, arguments: [String], workDirectory: URL) throws -> Output {
        let python = try requirePython()
        let path = testDirectory(target).appendingPathComponent(script).path
        let output = try run(python, arguments: [path] + arguments, workDirectory: workDirectory)
        guard output.status == 0 else {
            throw Failure(description: "\(script) exited with status \(output.status): \(output.stderrText)")
        }
        return output
    }
}
