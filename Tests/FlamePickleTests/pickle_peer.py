"""Live peer for PickleLiveTests: CPython loads what the Swift writer produced.

Usage: pickle_peer.py DIR, or pickle_peer.py --codable DIR (see codable_main). For every DIR/NAME.pkl there is DIR/NAME.json with the
expected value in the fixtures' tagged form (Fixtures/generate_pickles.py: tag).
Checks, per file: pickle.loads and cloudpickle.loads give the expected value
(types included), and pickle.dumps(loaded, protocol=5) gives the same bytes
back (skipped only where a set of several elements may iterate in another
order, and for replay_* files, whose numpy arrays may keep a form Python
writes only for non-contiguous arrays). Prints one JSON object: {"checked": N, "redumped": M, "failures": [...]}.
"""

import base64
import json
import math
import os
import pickle
import sys

import cloudpickle
import numpy as np


def untag(t):
    kind = t[0]
    if kind == "none":
        return None
    if kind == "bool":
        return t[1]
    if kind == "int":
        return int(t[1])
    if kind == "float":
        return float.fromhex(t[1]) if t[1].startswith(("0x", "-0x")) else float(t[1])
    if kind == "str":
        return t[1]
    if kind == "bytes":
        return base64.b64decode(t[1])
    if kind == "bytearray":
        return bytearray(base64.b64decode(t[1]))
    if kind == "list":
        return [untag(v) for v in t[1]]
    if kind == "tuple":
        return tuple(untag(v) for v in t[1])
    if kind == "dict":
        return {untag(k): untag(v) for k, v in t[1]}
    if kind == "set":
        return {untag(v) for v in t[1]}
    if kind == "frozenset":
        return frozenset(untag(v) for v in t[1])
    if kind == "ndarray":
        dtype, shape, fortran, data = np.dtype(t[1]), t[2], t[3], base64.b64decode(t[4])
        return np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")
    raise ValueError(kind)


def same(a, b, byte_order_free=False):
    """Deep equality with types. byte_order_free: numpy's _reconstruct form loads a big-endian
    array as a native one with the same values, so only values, kind and size must agree."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (a == b and math.copysign(1, a) == math.copysign(1, b)) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, np.ndarray):
        if byte_order_free:
            def native(x):
                return np.ascontiguousarray(x.astype(x.dtype.newbyteorder("="))).tobytes()
            return (a.shape == b.shape and a.dtype.kind == b.dtype.kind and a.dtype.itemsize == b.dtype.itemsize
                    and native(a) == native(b))
        return (a.dtype == b.dtype and a.shape == b.shape and a.tobytes(order="A") == b.tobytes(order="A")
                and a.flags.f_contiguous == b.flags.f_contiguous)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y, byte_order_free) for x, y in zip(a, b))
    if isinstance(a, dict):
        return len(a) == len(b) and all(same(x, y, byte_order_free) for x, y in zip(a.items(), b.items()))
    return a == b


def has_big_set(v):
    if isinstance(v, (set, frozenset)):
        return len(v) > 1 or any(has_big_set(x) for x in v)
    if isinstance(v, (list, tuple)):
        return any(has_big_set(x) for x in v)
    if isinstance(v, dict):
        return any(has_big_set(k) or has_big_set(x) for k, x in v.items())
    return False


def main():
    directory = sys.argv[1]
    checked, redumped, failures = 0, 0, []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".pkl"):
            continue
        stem = name[:-4]
        blob = open(os.path.join(directory, name), "rb").read()
        expected = untag(json.load(open(os.path.join(directory, stem + ".json"))))
        try:
            loaded = pickle.loads(blob)
            via_cloudpickle = cloudpickle.loads(blob)
        except Exception as e:  # noqa: BLE001 - reported, not raised
            failures.append(f"{stem}: loads raised {e!r}")
            continue
        checked += 1
        replayed = stem.startswith("replay_")
        if not same(loaded, expected, replayed) or not same(via_cloudpickle, expected, replayed):
            failures.append(f"{stem}: loaded value differs: {loaded!r:.200}")
            continue
        if not has_big_set(expected) and not replayed:
            redumped += 1
            if pickle.dumps(loaded, protocol=5) != blob:
                failures.append(f"{stem}: pickle.dumps(pickle.loads(ours)) differs from ours")
    print(json.dumps({"checked": checked, "redumped": redumped, "failures": failures}))


def codable_main(directory):
    """DIR/NAME.pkl from PickleEncoder beside DIR/NAME.json from Foundation's JSONEncoder for the
    same Swift value: the loaded pickle must equal the JSON document, be plain data only, and
    re-pickle to the same bytes."""
    checked, failures = 0, []

    def plain(v):
        if isinstance(v, dict):
            return all(isinstance(k, str) and plain(x) for k, x in v.items())
        if isinstance(v, list):
            return all(plain(x) for x in v)
        return v is None or isinstance(v, (bool, int, float, str))

    for name in sorted(os.listdir(directory)):
        if not name.endswith(".pkl"):
            continue
        stem = name[:-4]
        blob = open(os.path.join(directory, name), "rb").read()
        expected = json.load(open(os.path.join(directory, stem + ".json")))
        loaded = cloudpickle.loads(blob)
        checked += 1
        if not plain(loaded):
            failures.append(f"{stem}: not plain data: {loaded!r:.200}")
        elif loaded != expected:
            failures.append(f"{stem}: {loaded!r:.200} != {expected!r:.200}")
        elif pickle.dumps(loaded, protocol=5) != blob:
            failures.append(f"{stem}: pickle.dumps(pickle.loads(ours)) differs from ours")
    print(json.dumps({"checked": checked, "failures": failures}))


if __name__ == "__main__":
    if sys.argv[1] == "--codable":
        codable_main(sys.argv[2])
    else:
        main()
