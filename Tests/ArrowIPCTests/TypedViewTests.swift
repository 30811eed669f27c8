import ArrowIPC
import ArrowMemory
import ArrowTestSupport
import Foundation
import XCTest

/// Typed views check the logical type, not only the width; temporal views give
/// Swift values that agree with what pyarrow makes of the same fixtures.
final class TypedViewTests: XCTestCase {
    func testPrimitiveViewRefusesOtherTypesOfTheSameWidth() throws {
        let ints = ArrayData([1, 2] as [Int32?])
        XCTAssertThrowsError(try PrimitiveArray<Float>(ints)) { error in
            let text = "\(error)"
            XCTAssertEqual((error as? ArrowError)?.kind, .invalidArgument)
            XCTAssertTrue(text.contains("int32") && text.contains("Float"), text)
        }
        XCTAssertThrowsError(try PrimitiveArray<UInt32>(ints))
        let ts = try ArrayData.primitive([5] as [Int64?], type: .timestamp(.second, timezone: nil))
        XCTAssertThrowsError(try PrimitiveArray<Int64>(ts)) { error in
            XCTAssertTrue("\(error)".contains("timestamp[s]"), "\(error)")
        }
        XCTAssertThrowsError(try PrimitiveArray<Double>(ts))
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(storageOf: ts)), [5])
        // Storage views still check the width and refuse non-primitives.
        XCTAssertThrowsError(try PrimitiveArray<Int32>(storageOf: ts))
        let decimal = try ArrayData.primitive([1] as [Int64?], type: .int64)
        XCTAssertEqual(Array(try PrimitiveArray<Int64>(decimal)), [1])
        let half = try ArrayData.primitive([0x3C00, nil] as [UInt16?], type: .float16)
        XCTAssertThrowsError(try PrimitiveArray<UInt16>(half))
        XCTAssertEqual(Array(try PrimitiveArray<UInt16>(storageOf: half)), [0x3C00, nil])
        XCTAssertEqual(Array(try PrimitiveArray<Float16>(half)), [1.0, nil])
        XCTAssertThrowsError(try TimestampArray(ints))
        XCTAssertThrowsError(try DurationArray(ts))
        XCTAssertThrowsError(try DateArray(ts))
        XCTAssertThrowsError(try TimeOfDayArray(ints))
    }

    func testTemporalViewsAgreeWithPyarrow() throws {
        let python = try PythonRunner.requirePython()
        let dir = try PythonRunner.makeTemporaryDirectory(prefix: "temporal")
        defer { try? FileManager.default.removeItem(at: dir) }
        // pyarrow's own Python values, reduced to exact integers of microseconds
        // (seconds since the epoch or midnight, or a timedelta), or null.
        let script = """
            import sys, json, datetime as dt
            import pyarrow as pa
            factor = {"s": 1000000, "ms": 1000, "us": 1, "ns": None}
            def micros(scalar, raw):
                v = None
                try:
                    v = scalar.as_py()
                except (OverflowError, ValueError):
                    # Outside Python's datetime range: the stored count in its unit.
                    unit = scalar.type.unit
                    return raw * factor[unit] if factor[unit] else raw // 1000
                if v is None:
                    return None
                if isinstance(v, dt.datetime):
                    epoch = dt.datetime(1970, 1, 1, tzinfo=None if v.tzinfo is None else dt.timezone.utc)
                    return (v - epoch) // dt.timedelta(microseconds=1)
                if isinstance(v, dt.date):
                    return (v - dt.date(1970, 1, 1)).days * 86400 * 1000000
                if isinstance(v, dt.time):
                    return ((v.hour * 60 + v.minute) * 60 + v.second) * 1000000 + v.microsecond
                if isinstance(v, dt.timedelta):
                    return v // dt.timedelta(microseconds=1)
                if hasattr(v, "value"):  # pandas-like nanosecond objects
                    return v.value // 1000
                raise TypeError(type(v))
            out = {}
            for path in sys.argv[1:]:
                table = pa.ipc.open_stream(open(path, "rb").read()).read_all()
                for name in table.column_names:
                    col = table.column(name)
                    if (pa.types.is_timestamp(col.type) or pa.types.is_duration(col.type) or pa.types.is_time64(col.type)) and col.type.unit == "ns":
                        # Python objects hold microseconds: floor the nanoseconds first.
                        raws = col.cast(pa.int64()).to_pylist()
                        out[name] = [None if r is None else r // 1000 for r in raws]
                        continue
                    raws = col.cast(pa.int64() if col.type.bit_width == 64 else pa.int32()).to_pylist()
                    out[name] = [micros(s, r) for s, r in zip(col, raws)]
            out = {k: [None if v is None else str(v) for v in vs] for k, vs in out.items()}
            print(json.dumps(out))
            """
        let names = ["timestamps", "dates_times", "durations"]
        let paths = names.map { TestSupport.fixtureDirectory.appendingPathComponent("\($0).stream").path }
        let output = try PythonRunner.run(python, arguments: ["-c", script] + paths, workDirectory: dir)
        XCTAssertEqual(output.status, 0, output.stderrText)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: output.stdout) as? [String: [Any]])
        let expected = json.mapValues { $0.map { $0 as? String } }

        func micros(_ d: Duration) -> String {
            // Whole microseconds, rounded toward negative infinity as Python's // does.
            let (s, atto) = d.components
            var us = Int128(atto / 1_000_000_000_000)
            if atto < 0 && atto % 1_000_000_000_000 != 0 { us -= 1 }
            return String(Int128(s) * 1_000_000 + us)
        }
        var checked = 0
        for path in paths {
            let reader = try StreamReader(buffer: ArrowBuffer(copying: try TestSupport.bytes(URL(fileURLWithPath: path))))
            while let batch = try reader.next() {
                for (field, column) in zip(batch.schema.fields, batch.columns) {
                    let want = try XCTUnwrap(expected[field.name], field.name)
                    XCTAssertEqual(want.count, column.length)
                    switch field.type {
                    case .timestamp:
                        let view = try TimestampArray(column)
                        for (i, w) in want.enumerated() {
                            XCTAssertEqual(view.sinceEpoch(at: i).map(micros), w, "\(field.name)[\(i)]")
                            if let seconds = view[i]?.timeIntervalSince1970, let w, let us = Double(w) {
                                XCTAssertEqual(seconds, us / 1e6, accuracy: max(1e-3, abs(seconds) * 1e-12), "\(field.name)[\(i)]")
                            } else {
                                XCTAssertEqual(view[i] == nil, w == nil)
                            }
                        }
                    case .date32, .date64:
                        let view = try DateArray(column)
                        for (i, w) in want.enumerated() {
                            XCTAssertEqual(view[i].map { String(Int64(($0.timeIntervalSince1970 * 1e6).rounded())) }, w, "\(field.name)[\(i)]")
                        }
                    case .time32, .time64:
                        let view = try TimeOfDayArray(column)
                        for (i, w) in want.enumerated() { XCTAssertEqual(view[i].map(micros), w, "\(field.name)[\(i)]") }
                    case .duration:
                        let view = try DurationArray(column)
                        for (i, w) in want.enumerated() { XCTAssertEqual(view[i].map(micros), w, "\(field.name)[\(i)]") }
                    default:
                        XCTFail("unexpected column \(field.name): \(field.type)")
                    }
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, 26)
    }
}
