"""Live check for FlameCacheTests: flamepy 0.6.0 reads what Swift wrote.

  flame_peer.py check DIR   for every NAME.blob in DIR, flamepy's
                            _deserialize_object_data must give EXPECTED[NAME];
                            for every NAME.arrow (an object file), reading it as
                            flamepy's local storage does must give EXPECTED[NAME].
                            Prints "N passed, M failed".
"""
import os
import sys

import numpy as np
import pyarrow as pa

import flamepy.core.cache as fc

EXPECTED = {
    "tensor_c": np.array([[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]], dtype=np.float32),
    "tensor_f": np.asfortranarray(np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int32)),
    "tensor_nested": np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=np.float64),
    "tensor_scalar_uint16": np.array([7, 8, 9], dtype=np.uint16),
    "table": pa.table({"id": pa.array([1, 2, None], pa.int64()), "name": pa.array(["a", None, "c"])}),
    "record_batch": pa.record_batch({"x": pa.array([0.5, None], pa.float64())}),
    "array": pa.array(["p", None, "q"]),
    # A nil optional property is left out, as Swift's synthesized Encodable
    # (and JSONEncoder) leave it out.
    "pickle_struct": {"name": "probe", "count": 3, "ratios": [0.5, 0.25], "tags": {"a": 1}, "ok": True},
    "pickle_value": {"t": (1, "x"), "s": {1, 2}, "b": b"\x00\xff", "big": 2**80},
    "object_opaque": {"name": "probe", "count": 3, "ratios": [0.5, 0.25], "tags": {"a": 1}, "ok": True},
    "object_server": {"name": "probe", "count": 3, "ratios": [0.5, 0.25], "tags": {"a": 1}, "ok": True},
}


def same(got, want):
    if isinstance(want, np.ndarray):
        return (isinstance(got, np.ndarray) and got.dtype == want.dtype and got.shape == want.shape
                and np.array_equal(got, want) and got.flags.f_contiguous == want.flags.f_contiguous)
    if isinstance(want, (pa.Table, pa.RecordBatch, pa.Array)):
        return type(got) is type(want) and got.equals(want)
    return type(got) is type(want) and got == want


def check(directory):
    passed = failed = 0
    for name in sorted(os.listdir(directory)):
        stem, ext = os.path.splitext(name)
        path = os.path.join(directory, name)
        try:
            if ext == ".blob":
                got = fc._deserialize_object_data(open(path, "rb").read())
            elif ext == ".arrow":
                with pa.ipc.open_file(path) as reader:
                    table = reader.read_all()
                    table.validate(full=True)
                    got = fc._deserialize_object(table.to_batches()[0])
                if stem == "object_server":
                    # The server's own reader is arrow-rs: it must read the file too,
                    # with the non-null schema the server writes.
                    import arro3.io
                    rs = pa.table(arro3.io.read_ipc(path).read_all())
                    assert rs.schema.field("version").nullable is False and rs.schema.field("data").nullable is False
                    assert rs.column("version").to_pylist() == [4]
                    assert rs.column("data").to_pylist() == table.column("data").to_pylist()
            else:
                continue
            if not same(got, EXPECTED[stem]):
                raise AssertionError(f"got {got!r}, want {EXPECTED[stem]!r}")
            if ext == ".blob" and stem.split("_")[0] in ("tensor", "table", "record", "array"):
                # Not only equal values: the bytes flamepy writes for the same object.
                if open(path, "rb").read() != fc._serialize_object_data(EXPECTED[stem]):
                    raise AssertionError("bytes differ from flamepy's _serialize_object_data")
            passed += 1
        except Exception as e:  # report every failure, then fail
            failed += 1
            print(f"FAIL {name}: {e}")
    print(f"{passed} passed, {failed} failed")
    return failed == 0 and passed == len(EXPECTED)


if __name__ == "__main__":
    if sys.argv[1] == "check":
        sys.exit(0 if check(sys.argv[2]) else 1)
    raise SystemExit(__doc__)
