#!/usr/bin/env python3
"""Flame cache fixtures, made by flamepy 0.6.0's own functions.

Writes ``Fixtures/flame/``:

- ``blobs/NAME.blob``: ``flamepy.core.cache._serialize_object_data(value)`` for
  numpy arrays of every dtype pyarrow tensors hold (C and Fortran order, 0-d to
  4-d, empty), pyarrow tables, record batches and arrays of many types, plain
  Python data (cloudpickle), a non-contiguous numpy array (cloudpickle path),
  and legacy pickles (``pickle.dumps`` with protocols 2-5, no prefix).
- ``objects/APP/SESSION/ID.arrow``: object files. Opaque and native ones are
  written exactly as flamepy's ``put_object`` writes local storage
  (``_prepare_cache_payload`` then ``pa.ipc.new_file`` + ``write_batch``);
  pandas-tagged tables through flamepy's ``_table_with_cache_metadata``;
  ``ID.deltas/N.arrow`` patches hold ``_serialize_object(delta)`` batches (with
  stored version 0, which means base version + N + 1, or an explicit one);
  ``server_*`` files imitate the cache server (non-null schema, ZSTD bodies).
- ``answers/NAME.stream``: ``do_get`` answers as the server sends them (full,
  patch-only, not modified, native, the older form without ``kind``).
- ``manifest.json``: for each fixture, the JSON document ``arrow-ipc flame
  decode --json`` must print, computed here from what flamepy itself decodes
  (``_deserialize_object_data``, ``_deserialize_native_arrow_table``, and
  ``_fetch_object_data`` with a stand-in Flight client that hands it the answer
  stream), and whether re-encoding must give the same bytes.

Deterministic: a second run leaves every file unchanged.
Usage: .venv/bin/python Fixtures/generate_flame.py
"""

import base64
import datetime
import decimal
import hashlib
import json
import math
import os
import pickle
import shutil
import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

import flamepy
import flamepy.core.cache as fc

assert pa.__version__ == "26.0.1", pa.__version__
assert np.__version__ == "2.4.6", np.__version__

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "flame")


# ---------------------------------------------------------------------------
# The JSON contract, computed from Python values


def jfloat(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return float(x)


def integerized(t):
    """The type with temporal values replaced by their stored integers."""
    if pa.types.is_timestamp(t) or pa.types.is_date64(t) or pa.types.is_time64(t) or pa.types.is_duration(t):
        return pa.int64()
    if pa.types.is_date32(t) or pa.types.is_time32(t):
        return pa.int32()
    if pa.types.is_list(t):
        return pa.list_(pa.field(t.value_field.name, integerized(t.value_type), t.value_field.nullable))
    if pa.types.is_large_list(t):
        return pa.large_list(pa.field(t.value_field.name, integerized(t.value_type), t.value_field.nullable))
    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, integerized(f.type), f.nullable) for f in t])
    return t


def column_json(arr):
    """JSON values of a pyarrow array, by the contract's rules."""
    t = arr.type
    if pa.types.is_dictionary(t):
        return column_json(arr.dictionary_decode())
    if pa.types.is_run_end_encoded(t):
        return column_json(pc.run_end_decode(arr))
    if integerized(t) != t:
        return column_json(arr.cast(integerized(t)))
    if pa.types.is_struct(t):
        children = [column_json(arr.field(i)) for i in range(t.num_fields)]
        valid = arr.is_valid().to_pylist()
        return [({t.field(k).name: children[k][i] for k in range(t.num_fields)} if valid[i] else None)
                for i in range(len(arr))]
    if pa.types.is_map(t):
        keys, items = column_json(arr.keys), column_json(arr.items)
        offsets = arr.offsets.to_pylist()
        valid = arr.is_valid().to_pylist()
        return [[[keys[k], items[k]] for k in range(offsets[i], offsets[i + 1])] if valid[i] else None
                for i in range(len(arr))]
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        values = column_json(arr.flatten()) if len(arr) else []
        out, pos = [], 0
        for v in arr:
            if not v.is_valid:
                out.append(None)
                continue
            n = len(v.values)
            out.append(values[pos:pos + n])
            pos += n
        return out
    py = arr.to_pylist()
    if pa.types.is_floating(t):
        return [None if v is None else jfloat(v) for v in py]
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t) or pa.types.is_binary_view(t):
        return [None if v is None else base64.b64encode(v).decode() for v in py]
    if pa.types.is_decimal(t):
        return [None if v is None else format(v, "f") for v in py]
    return py


def table_json(kind, table):
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    columns = [column_json(table.column(i).combine_chunks()) for i in range(table.num_columns)]
    rows = [{table.schema.field(k).name: columns[k][r] for k in range(table.num_columns)} for r in range(table.num_rows)]
    return {"kind": kind,
            "schema": [{"name": f.name, "type": str(f.type), "nullable": f.nullable} for f in table.schema],
            "num_rows": table.num_rows, "rows": rows}


def ndarray_json(a):
    order = "F" if a.ndim > 1 and a.flags.f_contiguous and not a.flags.c_contiguous else "C"
    flat = a.flatten(order="C")
    if a.dtype.kind == "f":
        values = [jfloat(float(v)) for v in flat]
    elif a.dtype.kind == "c":
        values = [[jfloat(float(v.real)), jfloat(float(v.imag))] for v in flat]
    else:
        values = flat.tolist()
    return {"kind": "tensor", "dtype": a.dtype.name, "shape": list(a.shape), "order": order, "values": values}


def pickle_json(v):
    if isinstance(v, np.ndarray):
        return ndarray_json(v)
    if isinstance(v, np.generic):
        # A numpy scalar decodes to the Python value it stands for.
        return pickle_json(v.item())
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return jfloat(v)
    if isinstance(v, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(v)).decode()}
    if isinstance(v, list):
        return [pickle_json(x) for x in v]
    if isinstance(v, tuple):
        return {"$tuple": [pickle_json(x) for x in v]}
    if isinstance(v, (set, frozenset)):
        return {"$set": [pickle_json(x) for x in v]}
    if isinstance(v, dict):
        if all(isinstance(k, str) for k in v):
            return {k: pickle_json(x) for k, x in v.items()}
        return {"$dict": [[pickle_json(k), pickle_json(x)] for k, x in v.items()]}
    raise TypeError(type(v))


def value_json(v, blob=None):
    """The document for a value flamepy decoded (from `blob`, when known: a
    pickled numpy array is a pickle document, a tensor blob a tensor one)."""
    pickled = blob is not None and not blob.startswith((b"FLM\x01", b"FLM\x02", b"FLM\x03", b"FLM\x04"))
    if pickled:
        return {"kind": "pickle", "value": pickle_json(v)}
    if isinstance(v, np.ndarray):
        return ndarray_json(v)
    if isinstance(v, pa.Table):
        return table_json("table", v)
    if isinstance(v, pa.RecordBatch):
        return table_json("record_batch", v)
    if isinstance(v, pa.Array):
        return {"kind": "array", "type": str(v.type), "length": len(v), "values": column_json(v)}
    return {"kind": "pickle", "value": pickle_json(v)}


# ---------------------------------------------------------------------------
# Values


def sample_table():
    return pa.table({
        "i8": pa.array([1, None, -128], pa.int8()),
        "u64": pa.array([0, 2**64 - 1, None], pa.uint64()),
        "f32": pa.array([0.1, float("nan"), None], pa.float32()),
        "f64": pa.array([1.5, float("inf"), float("-inf")]),
        "b": pa.array([True, None, False]),
        "s": pa.array(["héllo", None, "x\ny\"z"]),
        "bin": pa.array([b"\x00\xff", None, b""]),
        "dec": pa.array([decimal.Decimal("-12.50"), None, decimal.Decimal("0.05")], pa.decimal128(10, 2)),
        "dec256": pa.array([decimal.Decimal("123456789012345678901234567890.1"), None, decimal.Decimal("-1.0")], pa.decimal256(40, 1)),
        "d32": pa.array([datetime.date(2024, 1, 2), None, datetime.date(1969, 12, 31)]),
        "ts": pa.array([1_700_000_000_000_000, None, -1], pa.timestamp("us", "UTC")),
        "dur": pa.array([5, None, -7], pa.duration("ms")),
        "t64": pa.array([1, None, 86_399_999_999], pa.time64("us")),
        "list": pa.array([[1, 2], None, []], pa.list_(pa.int32())),
        "struct": pa.array([{"a": 1, "b": "x"}, None, {"a": None, "b": None}], pa.struct([("a", pa.int64()), ("b", pa.string())])),
        "map": pa.array([[("k", 1)], None, []], pa.map_(pa.string(), pa.int32())),
        "dict": pa.array(["a", "b", None]).dictionary_encode(),
        "fsb": pa.array([b"ab", None, b"cd"], pa.binary(2)),
        "large": pa.array(["L", None, ""], pa.large_string()),
        "null": pa.nulls(3),
    })


def arrays():
    return {
        "array_int64": pa.array([1, None, 3]),
        "array_string": pa.array(["a", None, "ccc"]),
        "array_list": pa.array([[1.5], None, [], [2.0, None]]),
        "array_struct": pa.array([{"x": 1}, None]),
        "array_ree": pc.run_end_encode(pa.array([1, 1, 2, None, None])),
        "array_empty": pa.array([], pa.float64()),
    }


def numpy_arrays():
    out = {}
    dtypes = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32", "float64"]
    for dt in dtypes:
        base = np.arange(24).astype(dt)
        if dt.startswith("float"):
            base[1] = -0.5
        out[f"np_{dt}_1d"] = base
        out[f"np_{dt}_c"] = base.reshape(4, 6)
        out[f"np_{dt}_f"] = np.asfortranarray(base.reshape(4, 6))
    out["np_float64_0d"] = np.array(3.25)
    out["np_int32_empty"] = np.zeros((0, 3), np.int32)
    out["np_float32_3d"] = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    out["np_uint8_4d_f"] = np.asfortranarray(np.arange(48, dtype=np.uint8).reshape(2, 2, 3, 4))
    out["np_float64_special"] = np.array([np.nan, np.inf, -np.inf, -0.0, 1e-300])
    return out


def plain_values():
    return {
        "pickle_dict": {"a": 1, "b": [1.5, None, True], "c": "text", "d": {"nested": [1, 2, 3]}},
        "pickle_mixed": {"tuple": (1, "x", None), "set": {3, 1, 2}, "fs": frozenset(["p"]), "bytes": b"\x00\x01",
                         "ba": bytearray(b"zz"), "big": 2**100, "neg": -(2**70), "nan": float("nan"),
                         "intkeys": {1: "one", 2: "two"}},
        "pickle_list": [1, 2.5, "three", None, [4, [5]]],
        "pickle_str": "just a string ✓",
        "pickle_int": 12345678901234567890,
        "pickle_numpy_in_dict": {"weights": np.arange(6, dtype=np.float32).reshape(2, 3), "step": 7},
        "pickle_noncontiguous": np.arange(12, dtype=np.int64).reshape(3, 4)[:, ::2],
        "pickle_numpy_scalars": {"loss": np.float64(0.5), "f32": np.float32(0.1), "f16": np.float16(1.5),
                                 "step": np.int32(-3), "u64": np.uint64(2**64 - 1), "flag": np.bool_(True),
                                 "big_endian": np.array([7], dtype=">i4")[0]},
    }


# ---------------------------------------------------------------------------
# Writers


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def sha(data):
    return hashlib.sha256(data).hexdigest()


def local_storage_file(path, obj):
    """What flamepy's put_object writes for local storage (its own code path)."""
    payload = fc._prepare_cache_payload(obj)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with pa.ipc.new_file(path, payload.schema) as writer:
        for batch in payload.batches:
            writer.write_batch(batch)


def native_file(path, table, logical_type):
    """A native object as put_object writes it, for a logical type given by flamepy's own tagging."""
    tagged = fc._table_with_cache_metadata(table, logical_type)
    with pa.ipc.new_file(path, tagged.schema) as writer:
        for batch in tagged.to_batches():
            writer.write_batch(batch)


SERVER_SCHEMA = pa.schema([pa.field("version", pa.uint64(), nullable=False), pa.field("data", pa.binary(), nullable=False)])
ANSWER_SCHEMA = pa.schema([pa.field("version", pa.uint64(), nullable=False), pa.field("kind", pa.utf8(), nullable=False),
                           pa.field("data", pa.binary(), nullable=False)])
ZSTD = pa.ipc.IpcWriteOptions(compression="zstd")


def server_file(path, version, blob):
    batch = pa.record_batch([pa.array([version], pa.uint64()), pa.array([blob], pa.binary())], schema=SERVER_SCHEMA)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with pa.ipc.new_file(path, SERVER_SCHEMA, options=ZSTD) as writer:
        writer.write_batch(batch)


def answer_stream(rows, schema=ANSWER_SCHEMA, options=ZSTD):
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, schema, options=options) as writer:
        for row in rows:
            writer.write_batch(pa.record_batch([pa.array([v], f.type) for v, f in zip(row, schema)], schema=schema))
    return sink.getvalue().to_pybytes()


class _FakeReader:
    def __init__(self, data):
        self.data = data

    def read_all(self):
        return pa.ipc.open_stream(pa.py_buffer(self.data)).read_all()


class _FakeClient:
    def __init__(self, data):
        self.data = data

    def do_get(self, ticket):
        return _FakeReader(self.data)


def flamepy_reads_answer(data):
    """flamepy's own _fetch_object_data on an answer stream (the Flight client stood in for)."""
    original = fc._get_flight_client, fc._get_cache_tls_config
    fc._get_flight_client = lambda endpoint, tls=None: _FakeClient(data)
    fc._get_cache_tls_config = lambda: None
    try:
        ref = fc.ObjectRef(endpoint="grpc://127.0.0.1:1", key="app/session/obj", version=0)
        return fc._fetch_object_data(ref, 0)
    finally:
        fc._get_flight_client, fc._get_cache_tls_config = original


def object_json(native, logical_type, base, patches):
    return {"kind": "flame_object", "native_arrow": native, "logical_type": logical_type,
            "base": None if base is None else value_json(base),
            "patches": [{"version": v, "value": value_json(p)} for v, p in patches]}


def read_object_file(path):
    """An object file (and its patches) as flamepy decodes such files."""
    with pa.ipc.open_file(path) as reader:
        table = reader.read_all()
        schema = reader.schema
    if fc._is_native_arrow_schema(schema):
        logical = (schema.metadata or {}).get(fc.CACHE_LOGICAL_TYPE_METADATA_KEY, b"pyarrow.table").decode()
        return object_json(True, logical, fc._deserialize_native_arrow_table(table), [])
    batch = table.to_batches()[0]
    version = batch.column("version")[0].as_py()
    base = fc._deserialize_object(batch)
    patches = []
    deltas = path[:-len(".arrow")] + ".deltas"
    if os.path.isdir(deltas):
        names = sorted((int(n[:-6]), n) for n in os.listdir(deltas) if n.endswith(".arrow"))
        for n, name in names:
            with pa.ipc.open_file(os.path.join(deltas, name)) as r:
                b = r.read_all().to_batches()[0]
            v = b.column("version")[0].as_py()
            patches.append((v if v != 0 else version + n + 1, fc._deserialize_object(b)))
    return object_json(False, None, base, patches)


# ---------------------------------------------------------------------------


def main():
    if os.path.isdir(ROOT):
        shutil.rmtree(ROOT)
    cases = []

    def add(kind, rel, expected, reencode):
        data = open(os.path.join(ROOT, rel), "rb").read()
        # The document as compact JSON text: what `flame decode --json` prints.
        text = json.dumps(expected, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        cases.append({"name": rel, "kind": kind, "size": len(data), "sha256": sha(data),
                      "reencode_identical": reencode, "expected": text})

    # Blobs, each checked to decode in flamepy to what the document describes.
    blobs = {}
    blobs.update(numpy_arrays())
    blobs["table"] = sample_table()
    blobs["table_chunked"] = pa.concat_tables([sample_table(), sample_table().slice(1, 2)])
    blobs["table_empty"] = sample_table().slice(0, 0)
    blobs["record_batch"] = sample_table().to_batches()[0]
    blobs.update(arrays())
    blobs.update(plain_values())
    for name, value in blobs.items():
        data = fc._serialize_object_data(value)
        write(os.path.join(ROOT, "blobs", name + ".blob"), data)
        back = fc._deserialize_object_data(data)
        # Everything flamepy wrote re-encodes to the same bytes (a decoded pickle
        # keeps which objects it shared and how numpy rebuilt each array), but
        # numpy scalars, which decode to plain Python numbers.
        add("blob", f"blobs/{name}.blob", value_json(back, data), name != "pickle_numpy_scalars")
    for protocol in (2, 3, 4, 5):
        name = f"legacy_pickle_p{protocol}"
        value = {"protocol": protocol, "values": [1, 2.5, "x", None, (True, b"b")], "big": 2**65}
        write(os.path.join(ROOT, "blobs", name + ".blob"), pickle.dumps(value, protocol=protocol))
        data = open(os.path.join(ROOT, "blobs", name + ".blob"), "rb").read()
        add("blob", f"blobs/{name}.blob", value_json(fc._deserialize_object_data(data), data), protocol == 5)

    # Object files as flamepy's local storage writes them.
    objects = os.path.join(ROOT, "objects", "app", "session")
    local_storage_file(os.path.join(objects, "opaque_dict.arrow"), {"answer": 42, "items": [1, 2]})
    local_storage_file(os.path.join(objects, "opaque_numpy.arrow"), np.arange(6, dtype=np.float64).reshape(2, 3))
    local_storage_file(os.path.join(objects, "opaque_array.arrow"), pa.array(["x", None]))
    local_storage_file(os.path.join(objects, "native_table.arrow"), sample_table())
    local_storage_file(os.path.join(objects, "native_batch.arrow"), sample_table().to_batches()[0])
    native_file(os.path.join(objects, "native_pandas.arrow"),
                pa.table({"x": [1, 2], "y": ["a", "b"]}).replace_schema_metadata({"pandas": "{}"}), fc.LOGICAL_TYPE_PANDAS_DATAFRAME)
    # An object with 12 patches (stored version 0: base + n + 1), sorted as numbers.
    local_storage_file(os.path.join(objects, "patched.arrow"), {"base": True})
    os.makedirs(os.path.join(objects, "patched.deltas"), exist_ok=True)
    for n in range(12):
        batch = fc._serialize_object({"delta": n})
        with pa.ipc.new_file(os.path.join(objects, "patched.deltas", f"{n}.arrow"), batch.schema) as w:
            w.write_batch(batch)
    # Server-written forms: non-null schema, ZSTD bodies, explicit versions.
    server_file(os.path.join(objects, "server_opaque.arrow"), 3, fc._serialize_object_data({"from": "server"}))
    for n, v in enumerate([5, 9]):
        server_file(os.path.join(objects, "server_opaque.deltas", f"{n}.arrow"), v, fc._serialize_object_data([n]))
    for name in sorted(os.listdir(objects)):
        if name.endswith(".arrow"):
            path = os.path.join(objects, name)
            add("object", f"objects/app/session/{name}", read_object_file(path), not name.startswith("server_"))

    # do_get answers.
    answers = os.path.join(ROOT, "answers")
    blob = fc._serialize_object_data
    streams = {
        "full": answer_stream([(1, "base", blob({"v": 1})), (2, "patch", blob([2])), (3, "patch", blob(np.arange(3)))]),
        "patch_only": answer_stream([(4, "patch", blob("four")), (5, "patch", blob(5.5))]),
        "not_modified": answer_stream([], options=pa.ipc.IpcWriteOptions()),
        "older_form": answer_stream([(1, blob({"old": True})), (2, blob([2]))], schema=SERVER_SCHEMA),
    }
    tagged = fc._table_with_cache_metadata(sample_table(), fc.LOGICAL_TYPE_PYARROW_TABLE, version=7)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, tagged.schema, options=ZSTD) as w:
        w.write_table(tagged)
    streams["native"] = sink.getvalue().to_pybytes()
    for name, data in streams.items():
        write(os.path.join(answers, name + ".stream"), data)
        result = flamepy_reads_answer(data)
        if result is None:
            expected = {"kind": "not_modified"}
        else:
            native = fc._is_native_arrow_schema(pa.ipc.open_stream(pa.py_buffer(data)).schema)
            logical = None
            if native:
                md = pa.ipc.open_stream(pa.py_buffer(data)).schema.metadata
                logical = md[fc.CACHE_LOGICAL_TYPE_METADATA_KEY].decode()
            base = result.base if result.mode == fc.FetchMode.FULL else None
            expected = object_json(native, logical, base, [(p.version, p.data) for p in (result.patches or [])])
        add("answer", f"answers/{name}.stream", expected, False)

    manifest = {"generator": "Fixtures/generate_flame.py", "flamepy": flamepy.__version__ if hasattr(flamepy, "__version__") else "0.6.0",
                "pyarrow": pa.__version__, "numpy": np.__version__, "cases": cases}
    with open(os.path.join(ROOT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    print(f"wrote {len(cases)} Flame fixtures to {ROOT}")


if __name__ == "__main__":
    main()
