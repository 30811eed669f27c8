import ArrowTestSupport
import Foundation
import XCTest

/// A Python snippet that failed; its standard error says why.
struct PythonScriptFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs `script` with the configured Python (pyarrow) and decodes the one JSON
/// value it prints: expected values come from pyarrow itself, not from our code.
/// Skips the test when no Python is configured.
func pythonJSON(_ script: String) throws -> Any {
    let python = try PythonRunner.requirePython()
    let work = try PythonRunner.makeTemporaryDirectory(prefix: "arrowipc-python-json")
    defer { try? FileManager.default.removeItem(at: work) }
    let output = try PythonRunner.run(python, arguments: ["-c", script], workDirectory: work)
    guard output.status == 0 else { throw PythonScriptFailure(description: output.stderrText) }
    return try JSONSerialization.jsonObject(with: output.stdout)
}

/// The bytes of a hex string as Python's `bytes.hex()` writes it.
func bytesFromHex(_ hex: String) throws -> [UInt8] {
    let digits = Array(hex.utf8)
    guard digits.count % 2 == 0 else { throw PythonScriptFailure(description: "odd hex length") }
    var out: [UInt8] = []
    out.reserveCapacity(digits.count / 2)
    for i in stride(from: 0, to: digits.count, by: 2) {
        guard let byte = UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16) else {
            throw PythonScriptFailure(description: "not hex at \(i)")
        }
        out.append(byte)
    }
    return out
}
