import ArrowIPC
import ArrowMemory
import ArrowTestSupport
import XCTest

/// The inputs under `Fixtures/fuzz/` once made the fuzzer (Tests/Fuzz) trap;
/// each must now end in a thrown `ArrowError` wherever pyarrow refuses it too
/// (asked live), and never trap.
final class FuzzFindingTests: XCTestCase {
    private static let directory = PythonRunner.packageRoot.appendingPathComponent("Fixtures/fuzz")

    /// pyarrow reads the file or stream fully and validates it: prints "ok" or "refused: ...".
    private static let pyarrowVerdict = """
        import sys, pyarrow as pa, pyarrow.ipc as ipc
        data = open(sys.argv[1], 'rb').read()
        try:
            if data[:6] == b'ARROW1':
                r = ipc.open_file(pa.py_buffer(data))
                batches = [r.get_batch(i) for i in range(r.num_record_batches)]
            else:
                batches = list(ipc.open_stream(pa.py_buffer(data)))
            for b in batches: b.validate(full=True)
            print('ok')
        except Exception as e:
            print('refused:', e)
        """

    func testRegressionInputsThrowWherePyarrowRefuses() throws {
        let python = try PythonRunner.requirePython()
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".arrow") }.sorted()
        XCTAssertFalse(names.isEmpty)
        let work = try PythonRunner.makeTemporaryDirectory(prefix: "fuzz-regression")
        defer { try? FileManager.default.removeItem(at: work) }
        for name in names {
            let url = Self.directory.appendingPathComponent(name)
            let verdict = try PythonRunner.run(python, arguments: ["-c", Self.pyarrowVerdict, url.path], workDirectory: work).stdoutText
            let bytes = ArrowBuffer(copying: try TestSupport.bytes(url))
            var ours: ArrowError?
            do throws(ArrowError) {
                let contents = try IPCContents.read(bytes)
                try contents.validate(.full)
                _ = try FileWriter.bytes(schema: contents.schema, batches: contents.batches)
            } catch {
                ours = error
            }
            if verdict.hasPrefix("refused") {
                let error = try XCTUnwrap(ours, "\(name): pyarrow says \(verdict), we read it")
                XCTAssertFalse(error.message.isEmpty, name)
            }
        }
    }

    /// A footer block whose bodyLength is near Int64.max: adding the metadata
    /// length to it overflowed (a trap) in the check that blocks do not overlap.
    func testFooterBlockWithHugeBodyLengthThrows() throws {
        let bytes = try TestSupport.bytes(Self.directory.appendingPathComponent("footer_block_length_overflow.arrow"))
        XCTAssertThrowsError(try FileReader(buffer: ArrowBuffer(copying: bytes))) { error in
            XCTAssertEqual((error as? ArrowError)?.kind, .invalidFormat, "\(error)")
        }
    }
}
