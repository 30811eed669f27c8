import ArrowTestSupport
import FlamePickle
import Foundation
import XCTest

/// Pickles under `Fixtures/fuzz/` that the `flame` fuzz target (Tests/Fuzz) found.
final class PickleFuzzFindingTests: XCTestCase {
    /// Lists appended into themselves and other containers through the memo,
    /// then dropped from stack and memo: the general machine leaked those
    /// cycles (LeakSanitizer in the fuzzer). The leak itself is checked by
    /// `FUZZ_TARGET=flame .build-fuzz/fuzzer Fixtures/fuzz/pickle_self_containing_list.pkl`;
    /// here, the verdict matches CPython's `pickle.loads`, asked live.
    func testSelfContainingListPickleGivesPythonsVerdict() throws {
        let url = PythonRunner.packageRoot.appendingPathComponent("Fixtures/fuzz/pickle_self_containing_list.pkl")
        let python = try PythonRunner.requirePython()
        let work = try PythonRunner.makeTemporaryDirectory(prefix: "pickle-fuzz")
        defer { try? FileManager.default.removeItem(at: work) }
        let script = "import pickle, sys\ntry:\n    pickle.loads(open(sys.argv[1], 'rb').read()); print('ok')\nexcept Exception:\n    print('refused')\n"
        let verdict = try PythonRunner.run(python, arguments: ["-c", script, url.path], workDirectory: work).stdoutText
        let ours = (try? PickleReader().decode(try [UInt8](Data(contentsOf: url)))) == nil ? "refused" : "ok"
        XCTAssertEqual(ours, verdict.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
