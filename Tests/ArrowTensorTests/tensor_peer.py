"""Live peer for TensorInteropTests: checks tensors the Swift encoder wrote.

Usage: tensor_peer.py DIR   (DIR holds spec.json and the .tensor files)

For each entry of spec.json (file, dtype, shape, order, dim_names, and the
elements in storage order: decimal integers, or float bit patterns) this builds
the numpy array from the spec alone, reads the Swift bytes with
pa.ipc.read_tensor(...).to_numpy(), and compares dtype, shape, dimension names
and every element bit for bit. It also writes the numpy array with
pa.ipc.write_tensor and compares those bytes with Swift's. Prints one JSON
object: {name: {"values_equal", "bytes_equal", "detail"}}.
"""
import json
import os
import sys

import numpy as np
import pyarrow as pa

BITS = {"float16": np.uint16, "float32": np.uint32, "float64": np.uint64}


def expected_array(entry):
    dtype = np.dtype(entry["dtype"])
    if dtype.name in BITS:
        flat = np.array([int(b) for b in entry["keys"]], dtype=BITS[dtype.name]).view(dtype)
    else:
        flat = np.array([int(v) for v in entry["keys"]], dtype=object).astype(dtype)
    return flat.reshape(entry["shape"], order=entry["order"])


def main():
    directory = sys.argv[1]
    with open(os.path.join(directory, "spec.json")) as f:
        spec = json.load(f)
    results = {}
    for entry in spec:
        with open(os.path.join(directory, entry["file"]), "rb") as f:
            data = f.read()
        want = expected_array(entry)
        detail = []
        tensor = pa.ipc.read_tensor(pa.BufferReader(data))
        got = tensor.to_numpy()
        if got.dtype != want.dtype:
            detail.append(f"dtype {got.dtype} != {want.dtype}")
        if got.shape != want.shape:
            detail.append(f"shape {got.shape} != {want.shape}")
        sink = pa.BufferOutputStream()
        pa.ipc.write_tensor(pa.Tensor.from_numpy(want, dim_names=entry.get("dim_names") or None), sink)
        # pyarrow itself drops the names of most empty arrays; expect what it keeps.
        names = list(pa.ipc.read_tensor(pa.BufferReader(sink.getvalue())).dim_names)
        if list(tensor.dim_names) != names:
            detail.append(f"dim_names {tensor.dim_names} != {names}")
        same = not detail and np.array_equal(
            np.ascontiguousarray(got).view(np.uint8).ravel(), np.ascontiguousarray(want).view(np.uint8).ravel())
        if not same and not detail:
            detail.append("values differ")
        bytes_equal = sink.getvalue().to_pybytes() == data
        if not bytes_equal:
            detail.append("pyarrow writes other bytes")
        results[entry["file"]] = {"values_equal": bool(same), "bytes_equal": bytes_equal, "detail": "; ".join(detail)}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
