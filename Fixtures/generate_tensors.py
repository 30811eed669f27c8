#!/usr/bin/env python3
"""Golden Tensor IPC messages for the Swift ArrowTensor tests.

For every case NAME this writes ``Fixtures/tensor/NAME.tensor``, the bytes of
``pa.ipc.write_tensor(pa.Tensor.from_numpy(a, dim_names=...), sink)``, and one
``Fixtures/tensor/manifest.json`` describing every case as numpy and pyarrow
see it: dtype, shape, the order the numpy array was made in, dimension names,
the strides pyarrow reads back from the message, every value in C order
(``a.ravel(order="C")``) and, under ``storage``, in the array's own order. Integers are decimal strings (uint64 does not fit a
JSON double); floats are ``repr(float(x))`` plus their raw bit patterns, so
NaN payloads and -0.0 compare exactly.

``strided_views`` of a case give shapes and byte strides over the case's data
bytes with the values ``np.lib.stride_tricks.as_strided`` reads there, for
checking strided access (pyarrow itself only writes contiguous tensors).

Deterministic; refuses to run unless pyarrow is 26.0.1 and numpy 2.4.6.

Usage: .venv/bin/python Fixtures/generate_tensors.py
"""
import json
import os
import sys

import numpy as np
import pyarrow as pa

if pa.__version__ != "26.0.1" or np.__version__ != "2.4.6":
    sys.stderr.write("generate_tensors.py needs pyarrow 26.0.1 and numpy 2.4.6 (found %s, %s)\n"
                     % (pa.__version__, np.__version__))
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "tensor")

DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64"]

BITS = {"float16": np.uint16, "float32": np.uint32, "float64": np.uint64}


def values(dtype, n):
    """n values of dtype: the type's edge values first, then a fixed pattern."""
    dt = np.dtype(dtype)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        edges = [info.min, info.max, 0, 1, info.max - 1]
        if dt.kind == "i":
            edges.append(-1)
        pattern = [(i * 37 + 11) % min(251, int(info.max)) for i in range(n)]
        seq = (edges + pattern)[:n]
        return np.array(seq, dtype=object).astype(dt)
    info = np.finfo(dt)
    edges = [np.nan, np.inf, -np.inf, -0.0, 0.0, float(info.max), float(info.smallest_subnormal), -1.5]
    pattern = [((i * 37 + 11) % 101) / 8.0 - 6.0 for i in range(n)]
    return np.array((edges + pattern)[:n], dtype=np.float64).astype(dt)


def make(dtype, shape, order):
    n = int(np.prod(shape)) if len(shape) else 1
    return values(dtype, n).reshape(shape, order=order)


def describe_values(a):
    flat = a.ravel(order="C")
    if a.dtype.kind in "iu":
        return {"values": [str(int(x)) for x in flat]}
    bits = flat.view(BITS[a.dtype.name])
    return {"values": [repr(float(x)) for x in flat], "bits": [str(int(b)) for b in bits]}


def strided_views(a, data):
    """Views over the message's data bytes with strides pyarrow never writes."""
    item = a.dtype.itemsize
    n = len(data) // item
    buf = np.frombuffer(data, dtype=a.dtype)
    views = []
    if n >= 6:
        views.append(((2, 3), (item, 2 * item)))              # Fortran order
        views.append(((3, 2), (2 * item, 0)))                 # broadcast along axis 1
        views.append(((n // 2,), (2 * item,)))                # every second element
    if n >= 12:
        views.append(((2, 2, 3), (6 * item, item, 2 * item)))  # mixed order
    out = []
    for shape, strides in views:
        v = np.lib.stride_tricks.as_strided(buf, shape=shape, strides=strides)
        d = {"shape": list(shape), "strides": list(strides)}
        d.update(describe_values(v))
        d["fortran"] = describe_values(np.ascontiguousarray(v.ravel(order="F")))
        out.append(d)
    return out


def cases():
    out = []
    for dtype in DTYPES:
        out.append((f"{dtype}_2d_c", dtype, (3, 4), "C", None))
        out.append((f"{dtype}_2d_f_named", dtype, (3, 4), "F", ["rows", "cols"]))
        out.append((f"{dtype}_scalar", dtype, (), "C", None))
        out.append((f"{dtype}_1d", dtype, (7,), "C", None))
        out.append((f"{dtype}_empty", dtype, (0,), "C", None))
    for dtype in ["float32", "int64", "float16", "uint8"]:
        out.append((f"{dtype}_3d_c", dtype, (2, 3, 4), "C", None))
        out.append((f"{dtype}_3d_f", dtype, (2, 3, 4), "F", None))
        out.append((f"{dtype}_4d_c_named", dtype, (2, 1, 3, 2), "C", ["batch", "channel", "height", "width"]))
        out.append((f"{dtype}_4d_f_named", dtype, (2, 1, 3, 2), "F", ["batch", "channel", "height", "width"]))
        out.append((f"{dtype}_empty_2d_c", dtype, (0, 3), "C", None))
        out.append((f"{dtype}_empty_2d_f", dtype, (0, 3), "F", None))
        out.append((f"{dtype}_empty_3d_c", dtype, (2, 0, 4), "C", ["a", "b", "c"]))
        out.append((f"{dtype}_empty_3d_f", dtype, (3, 0), "F", None))
    out.append(("float32_column_c", "float32", (5, 1), "C", None))
    out.append(("float32_column_f", "float32", (5, 1), "F", None))
    out.append(("float32_row_f", "float32", (1, 5), "F", None))
    out.append(("float64_unicode_names", "float64", (2, 2), "C", ["zeilen\u00e4", "\u5217"]))
    out.append(("int32_partly_named", "int32", (2, 3), "C", ["", "cols"]))
    out.append(("int16_5d", "int16", (2, 2, 1, 2, 3), "F", None))
    # A non-contiguous numpy array (every second column of a 3x8 array):
    # Arrow C++ writes a C-order copy with row-major strides and drops the names.
    out.append(("float64_sliced_source", "float64", (3, 8), "slice", ["r", "c"]))
    # Empty, yet numpy's strides are Arrow's (all the element width): names kept.
    out.append(("float32_empty_named_kept", "float32", (3, 0), "C", ["a", "b"]))
    # numpy calls this C-contiguous (a length-1 dimension's stride does not
    # matter to it), Arrow C++ does not: written with row-major strides, no names.
    out.append(("float32_unit_dim_odd_stride", "float32", (3, 1), "odd_stride", ["a", "b"]))
    return out


def write_tensor(tensor):
    sink = pa.BufferOutputStream()
    pa.ipc.write_tensor(tensor, sink)
    return sink.getvalue().to_pybytes()


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for f in os.listdir(OUT_DIR):
        os.unlink(os.path.join(OUT_DIR, f))
    manifest = {"pyarrow": pa.__version__, "numpy": np.__version__, "cases": []}
    for name, dtype, shape, order, names in cases():
        if order == "slice":
            a = make(dtype, shape, "C")[:, ::2]
            assert not a.flags.c_contiguous and not a.flags.f_contiguous
            order = "C"
        elif order == "odd_stride":
            a = np.lib.stride_tricks.as_strided(make(dtype, (shape[0],), "C"), shape=shape, strides=(4, 400))
            assert a.flags.c_contiguous
            order = "C"
        else:
            a = make(dtype, shape, order)
        t = pa.Tensor.from_numpy(a, dim_names=names)
        data = write_tensor(t)
        back = pa.ipc.read_tensor(pa.BufferReader(data))
        got = back.to_numpy()
        assert got.dtype == a.dtype and got.shape == a.shape
        assert np.array_equal(got.ravel(order="C").view(np.uint8), a.ravel(order="C").view(np.uint8)) or a.size == 0
        with open(os.path.join(OUT_DIR, name + ".tensor"), "wb") as f:
            f.write(data)
        entry = {
            "name": name,
            "file": name + ".tensor",
            "dtype": a.dtype.name,
            "shape": list(a.shape),
            "order": order,
            "dim_names": list(back.dim_names),
            # What was passed to from_numpy; pyarrow drops them for most empty arrays.
            # The names to give our array encoder for pyarrow's bytes: none where
            # Arrow C++ found the numpy strides non-contiguous and dropped them.
            "given_dim_names": names if (t.is_contiguous or a.size == 0) else None,
            "passed_dim_names": names,
            "arrow_contiguous": bool(t.is_contiguous),
            "strides": list(back.strides),
            "numpy_strides": list(a.strides),
            "size": len(data),
        }
        entry.update(describe_values(a))
        # The elements in the order the numpy array stores them (C or F).
        entry["storage"] = describe_values(np.ascontiguousarray(a.ravel(order=order)))
        body = np.ascontiguousarray(a.ravel(order="K")).tobytes() if a.size else b""
        entry["strided_views"] = strided_views(a, body) if a.dtype.kind in "iuf" else []
        manifest["cases"].append(entry)
    with open(os.path.join(OUT_DIR, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=True)
        f.write("\n")
    print(f"wrote {len(manifest['cases'])} tensors to {OUT_DIR}")


if __name__ == "__main__":
    main()
