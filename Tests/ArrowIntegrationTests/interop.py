"""Live interop with pyarrow, driven by LiveInteropTests.swift.

  interop.py make DIR SEED COUNT [CODEC]
                                   pyarrow writes COUNT random tables (seeded: many
                                   types, nulls, slices, several batches) as
                                   case_K.stream + case_K.json (integration JSON,
                                   made by Fixtures/generate.py's converter)
  interop.py convert KIND:IN:OUT[:CODEC]...
                                   pyarrow converts each stream (KIND "stream") to
                                   a file or each file to a stream, writing OUT
                                   (bodies compressed with CODEC "zstd" or "lz4"
                                   when given); when pyarrow refuses, OUT is not written
  interop.py compressed KIND:ORIGINAL:OURS:PYARROW...
                                   OURS (a stream or file, by KIND of OURS) was
                                   written by Swift with compressed bodies: pyarrow
                                   (validate(full=True)) and arrow-rs (arro3) read
                                   it equal to ORIGINAL, and its framing equals
                                   PYARROW's (same messages, nodes, codec, buffer
                                   count, empty buffers, uncompressed lengths, and
                                   bodies that decompress to the same bytes; PYARROW
                                   "-" skips that comparison);
                                   prints "N passed, M failed"
  interop.py rewrite DIR GOLD      pyarrow reads every NAME.ours.arrow_file with
                                   validate(full=True) and writes NAME.pyarrow.arrow_file
  interop.py check DIR             pyarrow reads every case_K.swift.stream and
                                   case_K.swift.arrow_file that Swift wrote, runs
                                   validate(full=True) and compares the values with
                                   case_K.stream; prints "N passed, M failed"
"""
import os, sys
import numpy as np
import pyarrow as pa

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures"))
import generate  # noqa: E402  (the fixtures' table -> integration JSON converter)


def random_table(rng, rows):
    def mask(p=0.15):
        return rng.random(rows) < p

    words = np.array(["", "a", "héllo", "wörld", "long string that goes out of line", "x" * 13, "日本"])
    ints = rng.integers(-1000, 1000, rows)
    cols = {
        "i8": pa.array(rng.integers(-128, 127, rows, dtype=np.int8), mask=mask()),
        "u16": pa.array(rng.integers(0, 65535, rows, dtype=np.uint16), mask=mask()),
        "i32": pa.array(ints.astype(np.int32), mask=mask()),
        "i64": pa.array(rng.integers(-2**62, 2**62, rows, dtype=np.int64), mask=mask()),
        "u64": pa.array(rng.integers(0, 2**63, rows, dtype=np.uint64), mask=mask()),
        "f32": pa.array(rng.standard_normal(rows).astype(np.float32), mask=mask()),
        "f64": pa.array(rng.standard_normal(rows), mask=mask()),
        "b": pa.array(rng.random(rows) < 0.5, mask=mask()),
        "s": pa.array(words[rng.integers(0, len(words), rows)], mask=mask()),
        "ls": pa.array(words[rng.integers(0, len(words), rows)], pa.large_string(), mask=mask()),
        "bin": pa.array([bytes(rng.integers(0, 256, int(k), dtype=np.uint8)) for k in rng.integers(0, 20, rows)],
                        pa.binary(), mask=mask()),
        "sv": pa.array(words[rng.integers(0, len(words), rows)], pa.string_view(), mask=mask()),
        "ts": pa.array(rng.integers(0, 2**50, rows), pa.timestamp("us", "UTC"), mask=mask()),
        "d32": pa.array(rng.integers(-10000, 10000, rows).astype(np.int32), pa.date32(), mask=mask()),
        "dec": pa.array([None if m else __import__("decimal").Decimal(int(v)) / 100 for v, m in zip(ints, mask())],
                        pa.decimal128(10, 2)),
        "fsb": pa.array([bytes(rng.integers(0, 256, 4, dtype=np.uint8)) for _ in range(rows)], pa.binary(4), mask=mask()),
        "list": pa.array([None if m else [int(x) for x in rng.integers(-5, 5, int(k))]
                          for k, m in zip(rng.integers(0, 5, rows), mask())], pa.list_(pa.int32())),
        "llist": pa.array([None if m else [str(x) for x in rng.integers(0, 9, int(k))]
                           for k, m in zip(rng.integers(0, 4, rows), mask())], pa.large_list(pa.utf8())),
        "struct": pa.array([None if m else {"a": int(v), "b": None if v % 3 == 0 else str(v)}
                            for v, m in zip(ints, mask())], pa.struct([("a", pa.int64()), ("b", pa.utf8())])),
        "dict": pa.array(words[rng.integers(0, len(words), rows)], mask=mask()).dictionary_encode(),
        "map": pa.array([None if m else [(str(k), int(k)) for k in range(int(n))]
                         for n, m in zip(rng.integers(0, 4, rows), mask())], pa.map_(pa.utf8(), pa.int32())),
    }
    return pa.table(cols)


def make(directory, seed, count, compression=None):
    rng = np.random.default_rng(seed)
    options = pa.ipc.IpcWriteOptions(compression=compression)
    for k in range(count):
        rows = int(rng.integers(1, 60))
        table = random_table(rng, rows)
        start = int(rng.integers(0, rows))
        table = table.slice(start, int(rng.integers(0, rows - start + 1)))
        sink = pa.BufferOutputStream()
        chunk = int(rng.integers(1, 20))
        with pa.ipc.new_stream(sink, table.schema, options=options) as w:
            w.write_table(table, max_chunksize=chunk)
        data = sink.getvalue().to_pybytes()
        if compression:
            # The JSON converter reads the stream itself: give it an uncompressed copy.
            plain = pa.BufferOutputStream()
            with pa.ipc.new_stream(plain, table.schema) as w:
                w.write_table(table, max_chunksize=chunk)
            json_source = plain.getvalue().to_pybytes()
        else:
            json_source = data
        with open(os.path.join(directory, f"case_{k}.stream"), "wb") as f:
            f.write(data)
        doc, _, _ = generate.build_json(table.schema, json_source)
        with open(os.path.join(directory, f"case_{k}.json"), "w") as f:
            f.write(generate.dump_json(doc))
            f.write("\n")


def check(directory):
    passed = failed = 0
    for name in sorted(os.listdir(directory)):
        if ".swift." not in name:
            continue
        original = name.split(".swift.")[0] + ".stream"
        expected = pa.ipc.open_stream(open(os.path.join(directory, original), "rb").read()).read_all()
        try:
            data = open(os.path.join(directory, name), "rb").read()
            if name.endswith(".arrow_file"):
                got = pa.ipc.open_file(pa.py_buffer(data)).read_all()
            else:
                got = pa.ipc.open_stream(pa.py_buffer(data)).read_all()
            got.validate(full=True)
            if not got.equals(expected.cast(got.schema) if got.schema != expected.schema else expected):
                raise AssertionError("values differ")
            if got.schema.remove_metadata() != expected.schema.remove_metadata():
                raise AssertionError(f"schema differs: {got.schema} vs {expected.schema}")
            passed += 1
        except Exception as e:  # report every failure, then fail
            failed += 1
            print(f"FAIL {name}: {e}")
    print(f"{passed} passed, {failed} failed")
    return failed == 0 and passed > 0


def convert(specs):
    done = refused = 0
    for spec in specs:
        kind, src, dst = spec.split(":", 2)
        codec = None
        if dst.endswith((":zstd", ":lz4")):
            dst, codec = dst.rsplit(":", 1)
        data = pa.py_buffer(open(src, "rb").read())
        reader = pa.ipc.open_stream(data) if kind == "stream" else pa.ipc.open_file(data)
        sink = pa.BufferOutputStream()
        opener = pa.ipc.new_file if kind == "stream" else pa.ipc.new_stream
        try:
            with opener(sink, reader.schema, options=pa.ipc.IpcWriteOptions(compression=codec)) as w:
                if kind == "stream":
                    for b in reader:
                        w.write_batch(b)
                else:
                    for i in range(reader.num_record_batches):
                        w.write_batch(reader.get_batch(i))
        except pa.ArrowInvalid as e:
            refused += 1
            print(f"refused {src}: {e}")
            continue
        with open(dst, "wb") as f:
            f.write(sink.getvalue().to_pybytes())
        done += 1
    print(f"converted {done}, refused {refused}")


def _read_file(path):
    reader = pa.ipc.open_file(pa.py_buffer(open(path, "rb").read()))
    return reader.schema, [reader.get_batch(i) for i in range(reader.num_record_batches)]


def _full_validation_error(batches):
    try:
        for b in batches:
            b.validate(full=True)
        return None
    except pa.ArrowInvalid as e:
        return str(e)


def rewrite(directory, gold_root):
    """For FOLDER__NAME.ours.arrow_file: full validation, then write it again.
    Where full validation fails, it must fail the same way on the gold
    FOLDER/NAME.arrow_file written by Arrow C++ (some gold data, e.g. date64
    values that are not whole days, is outside what full validation accepts);
    such files are still checked structurally and reported."""
    done = same_as_gold = 0
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".ours.arrow_file"):
            continue
        schema, batches = _read_file(os.path.join(directory, name))
        for b in batches:
            b.validate()
        error = _full_validation_error(batches)
        if error is not None:
            folder, stem = name[: -len(".ours.arrow_file")].split("__", 1)
            _, gold = _read_file(os.path.join(gold_root, "arrow-ipc-stream", "integration", folder, stem + ".arrow_file"))
            gold_error = _full_validation_error(gold)
            if gold_error != error:
                raise AssertionError(f"{name}: full validation failed ({error}); the gold file gives {gold_error}")
            same_as_gold += 1
            print(f"{name}: full validation fails as on the gold file: {error}")
        sink = pa.BufferOutputStream()
        with pa.ipc.new_file(sink, schema) as w:
            for b in batches:
                w.write_batch(b)
        with open(os.path.join(directory, name.replace(".ours.", ".pyarrow.")), "wb") as f:
            f.write(sink.getvalue().to_pybytes())
        done += 1
    print(f"pyarrow validated and rewrote {done} files ({same_as_gold} fail full validation exactly as their gold file)")


def _read_all(path, kind):
    data = pa.py_buffer(open(path, "rb").read())
    if kind == "file":
        r = pa.ipc.open_file(data)
        return pa.Table.from_batches([r.get_batch(i) for i in range(r.num_record_batches)], schema=r.schema)
    return pa.ipc.open_stream(data).read_all()


def _messages(data):
    """Per message: type and, for batches, length, nodes, codec and buffers
    (None for an empty buffer, else the uncompressed length and the decompressed bytes)."""
    import struct
    out = []
    if data[:6] == b"ARROW1":
        data = data[8:]
    reader = pa.ipc.MessageReader.open_stream(pa.py_buffer(data))
    for msg in reader:
        root = generate.FlatTable.root(msg.metadata.to_pybytes())
        header_type = root.scalar(1, "B", 0)
        header = root.table(2)
        entry = [header_type]
        if header_type in (2, 3):
            batch = header.table(1) if header_type == 2 else header
            if header_type == 2:
                entry += [header.scalar(0, "q", 0), header.scalar(2, "B", 0)]
            entry.append(batch.scalar(0, "q", 0))
            start, n = batch._vector(1)
            entry.append([struct.unpack_from("<qq", batch.buf, start + 16 * i) for i in range(n)])
            comp = batch.table(3)
            codec = None if comp is None else comp.scalar(0, "b", 0)
            entry.append(codec)
            start, n = batch._vector(2)
            body = msg.body.to_pybytes() if msg.body is not None else b""
            buffers = []
            for i in range(n):
                off, length = struct.unpack_from("<qq", batch.buf, start + 16 * i)
                raw = body[off:off + length]
                if length == 0:
                    buffers.append(None)
                    continue
                size = struct.unpack_from("<q", raw, 0)[0]
                payload = raw[8:]
                name = {0: "lz4", 1: "zstd"}[codec]
                plain = payload if size == -1 else pa.decompress(payload, decompressed_size=size, codec=name, asbytes=True)
                buffers.append((size, plain))
            entry.append(buffers)
        out.append(entry)
    return out


def _same_values(a, b):
    # Table.equals is false for NaN and for some list view and run-end layouts
    # that hold the same values: fall back to the Python values (NaN == NaN by repr).
    return a.equals(b) or (a.schema.remove_metadata() == b.schema.remove_metadata()
                           and repr(a.to_pylist()) == repr(b.to_pylist()))


def compressed(specs):
    import arro3.io
    passed = failed = 0
    for spec in specs:
        kind, original, ours, theirs = spec.split(":", 3)
        try:
            want = _read_all(original, "file" if original.endswith(".arrow_file") else "stream")
            got = _read_all(ours, kind)
            got.validate(full=True)
            if not _same_values(got, want):
                raise AssertionError("pyarrow reads other values")
            def rs_read(path):
                r = arro3.io.read_ipc(path) if kind == "file" else arro3.io.read_ipc_stream(path)
                return pa.table(r.read_all())
            # arrow-rs reads our bytes as it reads pyarrow's (its own naming of map
            # fields and dictionary types differs from pyarrow's, so compare with that).
            rs_table = rs_read(ours)
            if not _same_values(rs_table, rs_read(theirs) if theirs != "-" else want):
                raise AssertionError("arrow-rs (arro3) reads other values")
            a = _messages(open(ours, "rb").read())
            b = a if theirs == "-" else _messages(open(theirs, "rb").read())
            if a != b:
                raise AssertionError(f"framing differs from pyarrow's: {len(a)} vs {len(b)} messages")
            passed += 1
        except Exception as e:  # report every failure, then fail
            failed += 1
            print(f"FAIL {ours}: {e}")
    print(f"{passed} passed, {failed} failed")
    return failed == 0 and passed > 0


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] if len(sys.argv) > 5 else None)
    elif sys.argv[1] == "convert":
        convert(sys.argv[2:])
    elif sys.argv[1] == "compressed":
        sys.exit(0 if compressed(sys.argv[2:]) else 1)
    elif sys.argv[1] == "rewrite":
        rewrite(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "check":
        sys.exit(0 if check(sys.argv[2]) else 1)
    else:
        sys.exit(2)
