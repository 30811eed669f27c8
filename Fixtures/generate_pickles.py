#!/usr/bin/env python3
"""Pickle fixtures for the Swift FlamePickle codec.

Writes ``Fixtures/pickle/NAME.pkl`` (bytes of ``pickle.dumps(value, protocol=P)``
from CPython 3.11, or of numpy's own array pickling) and
``Fixtures/pickle/manifest.json`` listing every case with its expected value in
a tagged JSON form (see ``tag``) and whether the Swift encoder must reproduce
the bytes exactly (``encode_identical``).

numpy 1.x arrays (``numpy.core.multiarray._reconstruct`` /
``numpy.core.numeric._frombuffer``) are made by pickling with numpy 2.4.6
while the reduce callables are replaced by stand-ins registered under numpy
1.x's module names, so the pickler emits the 1.x names with correct lengths,
memo indices and frames (no byte patching). Each such fixture is checked to
load back with numpy 2.x (whose ``numpy.core`` shim maps the names).

Usage: .venv/bin/python Fixtures/generate_pickles.py
"""

import base64
import json
import math
import os
import pickle
import sys
import types
import warnings

import cloudpickle
import numpy as np

# Loading the numpy 1.x fixtures goes through numpy's deprecated numpy.core shim, on purpose.
warnings.filterwarnings("ignore", category=DeprecationWarning, message="numpy.core")

assert sys.version_info[:2] == (3, 11), sys.version
assert np.__version__ == "2.4.6", np.__version__
assert cloudpickle.__version__ == "3.1.2", cloudpickle.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pickle")

# Set iteration order of str depends on the hash seed; fix it so regenerating gives the same bytes.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))


def tag(value):
    """Expected value as tagged JSON: [type, payload]."""
    if value is None:
        return ["none"]
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", str(value)]
    if isinstance(value, float):
        return ["float", value.hex() if math.isfinite(value) else repr(value)]
    if isinstance(value, str):
        return ["str", value]
    if isinstance(value, bytes):
        return ["bytes", base64.b64encode(value).decode()]
    if isinstance(value, bytearray):
        return ["bytearray", base64.b64encode(bytes(value)).decode()]
    if isinstance(value, list):
        return ["list", [tag(v) for v in value]]
    if isinstance(value, tuple):
        return ["tuple", [tag(v) for v in value]]
    if isinstance(value, dict):
        return ["dict", [[tag(k), tag(v)] for k, v in value.items()]]
    if isinstance(value, frozenset):
        return ["frozenset", [tag(v) for v in value]]
    if isinstance(value, set):
        return ["set", [tag(v) for v in value]]
    if isinstance(value, np.ndarray):
        fortran = bool(value.flags.f_contiguous and not value.flags.c_contiguous)
        data = value.tobytes(order="F" if fortran else "C")
        return ["ndarray", value.dtype.str, list(value.shape), fortran, base64.b64encode(data).decode()]
    raise TypeError(type(value))


def plain_cases():
    """(name, value, protocols) for plain data. Values are Python literals, so
    equal strings inside one value are the same object (memo hits)."""
    big = 2 ** 2100 + 12345
    cases = [
        ("none", None),
        ("bools", [True, False]),
        ("ints", [0, 1, 255, 256, 65535, 65536, -1, -255, -256, 2 ** 31 - 1, 2 ** 31, -2 ** 31, -2 ** 31 - 1,
                  2 ** 32, 2 ** 63 - 1, -2 ** 63]),
        ("bigints", [2 ** 63, -2 ** 63 - 1, 2 ** 64, -2 ** 64, 2 ** 1000 + 7, -(3 ** 500), 128, -128, 32767,
                     -32768, 2 ** 127, -2 ** 127, big, -big]),
        ("floats", [0.0, -0.0, 1.5, -2.25, 1e308, 5e-324, float("inf"), float("-inf"), float("nan"), 0.1]),
        ("strings", ["", "a", "héllo", "日本語", "emoji 🎉 \U0010ffff", "tab\tnewline\nbackslash\\", "x" * 255,
                     "y" * 256, "\x00\x7f\x80\xff"]),
        ("long_string", "z" * 70000),
        ("bytes", [b"", b"\x00", b"\x00\xff\x80abc", bytes(range(256)), b"q" * 255]),
        ("long_bytes", b"\x01" * 70000),
        ("bytearrays", [bytearray(), bytearray(b"\x00\x01\xfe\xff"), bytearray(b"b" * 300)]),
        ("empty_containers", [[], {}, (), set(), frozenset()]),
        ("tuples", [(1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), ((), ((),))]),
        ("list_1000", list(range(1000))),
        ("list_1001", list(range(1001))),
        ("list_2500", list(range(2500))),
        ("dict_one", {"k": 1}),
        ("dict_1000", {i: i * 2 for i in range(1000)}),
        ("dict_1001", {i: -i for i in range(1001)}),
        ("dict_mixed_keys", {1: "int", "s": "str", (1, 2): "tuple", b"b": "bytes", None: "none", 2.5: "float",
                             frozenset([3]): "frozenset"}),
        ("set_small", {1, 2, 3}),
        ("set_1000", set(range(1000))),
        ("set_1001", set(range(1001))),
        ("frozenset_small", frozenset([5, 6])),
        ("frozenset_1001", frozenset(range(1001))),
        ("nested", {"name": "run-7", "shape": [2, 3], "tags": ["a", "b", "a"], "params": {"lr": 0.001,
                    "layers": (64, 32), "dropout": None, "flags": frozenset(["x"])},
                    "blob": b"\x00\x01", "ok": True, "big": 2 ** 70, "matrix": [[1.0, 2.0], [3.0, 4.0]]}),
        ("repeated_strings", {"a": "a", "b": ["a", "a", "b"], "key": ["key", "key"], "long text": "long text"}),
        ("deep", [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]),
        ("frames_many_items", [bytes([i]) * 2000 for i in range(40)]),
        ("frames_bytes_65535", ["a", b"x" * 65535, "b"]),
        ("frames_bytes_65536", ["a", b"x" * 65536, "b"]),
        ("frames_tuple", (b"w" * 65535, 1)),
        ("frames_strings", ["s%05d" % i for i in range(9000)]),
    ]
    return cases


NUMPY_DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16",
                "float32", "float64", "complex64", "complex128", ">i4", ">f8", ">u2"]


def shared_object_cases():
    """(name, value) whose object sharing is not what a literal gives: the Swift writer's default
    rule does not reproduce them, replaying the pickle's recorded sharing does."""
    shared = [1, 2]
    holder = {"x": shared}
    document = json.loads(
        '[{"id": 1, "name": "alpha", "tags": ["x", "yy", "yy"], "owner": "alpha"},'
        ' {"id": 2, "name": "beta", "tags": [], "owner": "alpha", "note": "", "e": "\u00e9"}]')
    built = ["".join(["ab", "cd"]) for _ in range(3)] + [str(10), str(10)]
    words = {"alpha", "beta", "gamma", "delta", "epsilon"}
    array = np.arange(3.0)
    window = np.arange(12, dtype=">f4").reshape(3, 4)[:, 1:3]  # neither C nor F contiguous
    return [
        ("json_document", document),
        ("shared_containers", [shared, shared, holder, holder, (shared,)]),
        ("runtime_strings", built),
        ("string_set", words),
        ("literal_tuples", ((1, 2), (1, 2))),
        ("same_array_twice", [array, array]),
        ("non_contiguous_views", {"window": window, "transposed": window.T, "step": np.arange(10)[::3]}),
        ("non_contiguous_large", np.linspace(-1.0, 1.0, 20000)[::2]),  # 80 000 data bytes: outside frames
    ]


def numpy_arrays():
    """(name, array) pairs: every numeric dtype in C and Fortran order and some shapes."""
    out = []
    for dt in NUMPY_DTYPES:
        dtype = np.dtype(dt)
        base = np.arange(6) * 3 - 5
        if dtype.kind == "b":
            values = base % 2 == 0
        elif dtype.kind == "u":
            values = np.arange(6) * 41 + 1
        elif dtype.kind == "c":
            values = base + 0.5j * np.arange(6)
        else:
            values = base * (1.25 if dtype.kind == "f" else 1)
        c = np.ascontiguousarray(values.astype(dtype).reshape(2, 3))
        f = np.asfortranarray(c)
        name = dtype.str.replace("<", "le_").replace(">", "be_").replace("|", "")
        out.append((f"{name}_c", c))
        out.append((f"{name}_f", f))
    out.append(("f8_1d", np.array([1.0, -2.0, 3.5])))
    out.append(("f4_0d", np.array(2.5, dtype=np.float32)))
    out.append(("i4_empty", np.zeros((0, 3), dtype=np.int32)))
    out.append(("u1_3d_f", np.asfortranarray(np.arange(24, dtype=np.uint8).reshape(2, 3, 4))))
    out.append(("i8_strided", np.arange(10, dtype=np.int64)[::2]))
    out.append(("f8_large", np.linspace(0.0, 1.0, 10000)))
    return out


def numpy1_stand_ins():
    """Modules named as in numpy 1.x holding stand-ins for the reduce callables."""
    made = {}
    for module, name in (("numpy.core.multiarray", "_reconstruct"), ("numpy.core.numeric", "_frombuffer")):
        mod = types.ModuleType(module)

        def stand_in(*args):
            raise AssertionError("never called")

        stand_in.__module__ = module
        stand_in.__qualname__ = name
        stand_in.__name__ = name
        setattr(mod, name, stand_in)
        made[module] = mod
    return made


def dumps_numpy1(value, protocol):
    import io
    fakes = numpy1_stand_ins()
    saved = {m: sys.modules.get(m) for m in fakes}
    sys.modules.update(fakes)
    try:
        class Numpy1Pickler(pickle.Pickler):
            def reducer_override(self, obj):
                if type(obj) is np.ndarray:
                    rv = obj.__reduce_ex__(protocol)
                    func = rv[0]
                    module = {"_reconstruct": "numpy.core.multiarray", "_frombuffer": "numpy.core.numeric"}[
                        func.__name__]
                    return (getattr(fakes[module], func.__name__),) + tuple(rv[1:])
                return NotImplemented

        sink = io.BytesIO()
        Numpy1Pickler(sink, protocol=protocol).dump(value)
        return sink.getvalue()
    finally:
        for m, old in saved.items():
            if old is None:
                sys.modules.pop(m, None)
            else:
                sys.modules[m] = old


class RunsCommand:
    """Pickles as a call of os.system: the classic hostile pickle."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


class Point:
    def __init__(self):
        self.x = 1


def same(a, b):
    """Deep equality that also checks types, NaN-aware and array-aware."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, np.ndarray):
        # numpy's protocol 0-4 form loads a big-endian array as native-endian with the same values.
        def native(x):
            return np.ascontiguousarray(x.astype(x.dtype.newbyteorder("="))).tobytes()
        return (a.shape == b.shape and a.dtype.kind == b.dtype.kind and a.dtype.itemsize == b.dtype.itemsize
                and native(a) == native(b))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a.keys()) == list(b.keys()) and all(same(a[k], b[k]) for k in a)
    return a == b


def flamepy_serializer():
    """flamepy 0.6.0's own blob writer, if flamepy is importable (installed, or the unpacked wheel
    named by FLAMEPY_PATH); used only to check that its FLM\\x00 blobs are these pickles."""
    path = os.environ.get("FLAMEPY_PATH")
    if path:
        sys.path.insert(0, path)
    try:
        from flamepy.core import cache
    except ImportError:
        return None
    return cache._serialize_object_data


def main():
    os.makedirs(OUT, exist_ok=True)
    flamepy_serialize = flamepy_serializer()
    flamepy_checked = 0
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))
    manifest = []
    values = {}

    def write(name, blob, value, protocol, encode_identical, note="", value_name=None):
        nonlocal flamepy_checked
        # flamepy stores what it does not send to its numpy/Arrow fast paths (contiguous arrays) as
        # FLM\x00 + cloudpickle.dumps(obj, protocol=5): check that this is the fixture's pickle.
        contiguous_array = isinstance(value, np.ndarray) and (value.flags.c_contiguous or value.flags.f_contiguous)
        if protocol == 5 and flamepy_serialize is not None and not contiguous_array and not name.startswith("np1_"):
            assert flamepy_serialize(value) == b"FLM\x00" + blob, name
            flamepy_checked += 1
        path = f"{name}.pkl"
        assert not os.path.exists(os.path.join(OUT, path)), name
        with open(os.path.join(OUT, path), "wb") as f:
            f.write(blob)
        loaded = pickle.loads(blob)
        assert same(loaded, value), name
        value_name = value_name or name
        tagged = tag(value)
        assert values.setdefault(value_name, tagged) == tagged, value_name
        entry = {"name": name, "path": path, "protocol": protocol, "value": value_name,
                 "encode_identical": encode_identical,
                 # What the decoder reads, written again with its recorded sharing, is these bytes.
                 "reencode_identical": protocol == 5}
        if note:
            entry["note"] = note
        manifest.append(entry)

    big_only = {"long_string", "long_bytes", "list_2500", "dict_1001", "set_1001", "frozenset_1001", "frames_many_items",
                "frames_bytes_65535", "frames_bytes_65536", "frames_tuple", "frames_strings", "dict_1000", "set_1000"}
    for name, value in plain_cases():
        protocols = [5] if name in big_only else [0, 1, 2, 3, 4, 5]
        for protocol in protocols:
            blob = pickle.dumps(value, protocol=protocol)
            if protocol == 5:
                # flamepy writes cloudpickle.dumps(obj, protocol=5); for plain data the bytes are the same.
                assert cloudpickle.dumps(value, protocol=cloudpickle.DEFAULT_PROTOCOL) == blob, name
            write(f"{name}_p{protocol}", blob, value, protocol, protocol == 5, value_name=name)

    for name, value in shared_object_cases():
        for protocol in (2, 5):
            write(f"{name}_p{protocol}", pickle.dumps(value, protocol=protocol), value, protocol, False,
                  value_name=name)

    for name, array in numpy_arrays():
        protocols = [4, 5] if name == "f8_large" else [0, 2, 3, 4, 5]
        for protocol in protocols:
            write(f"np2_{name}_p{protocol}", pickle.dumps(array, protocol=protocol), array, protocol,
                  protocol == 5 and (array.flags.c_contiguous or array.flags.f_contiguous), value_name=f"np_{name}")
        for protocol in (5,) if name == "f8_large" else (2, 5):
            write(f"np1_{name}_p{protocol}", dumps_numpy1(array, protocol), array, protocol, False,
                  "numpy 1.x module names", value_name=f"np_{name}")

    # Arrays inside plain data: the dtype object and numpy's globals are memo hits the second time.
    mixed = {"weights": np.arange(4, dtype=np.float32), "bias": np.zeros(2, dtype=np.float32),
             "index": np.arange(3, dtype=np.int64), "name": "layer"}
    blob = pickle.dumps(mixed, protocol=5)
    assert cloudpickle.dumps(mixed, protocol=5) == blob
    write("np2_in_dict_p5", blob, mixed, 5, True)

    # Pickles the decoder must refuse, each with a phrase its error must contain. They are written,
    # never loaded here (one would run a shell command).
    refused = []

    recursive = []
    recursive.append(recursive)
    import datetime
    import decimal
    import fractions
    for name, blob, phrase in [
        ("os_system_p5", pickle.dumps(RunsCommand(), protocol=5), "'posix.system'"),
        ("os_system_p2", pickle.dumps(RunsCommand(), protocol=2), "'posix.system'"),
        ("os_system_p0", pickle.dumps(RunsCommand(), protocol=0), "'posix.system'"),
        ("class_instance_p5", pickle.dumps(Point(), protocol=5), "'__main__.Point'"),
        ("class_instance_p1", pickle.dumps(Point(), protocol=1), "'copy_reg._reconstructor'"),
        ("datetime_p5", pickle.dumps(datetime.datetime(2024, 1, 2), protocol=5), "'datetime.datetime'"),
        ("decimal_p5", pickle.dumps(decimal.Decimal("1.5"), protocol=5), "'decimal.Decimal'"),
        ("fraction_p4", pickle.dumps(fractions.Fraction(1, 3), protocol=4), "'fractions.Fraction'"),
        ("complex_p5", pickle.dumps(1 + 2j, protocol=5), "'builtins.complex'"),
        ("numpy_complex_scalar_p5", pickle.dumps(np.complex128(1 + 2j), protocol=5), "complex128 scalars are not supported"),
        ("object_array_p5", pickle.dumps(np.array([1, "a"], dtype=object), protocol=5), "object arrays"),
        ("object_array_p2", pickle.dumps(np.array([1, "a"], dtype=object), protocol=2), "object arrays"),
        ("structured_array_p5", pickle.dumps(np.zeros(2, dtype=[("a", "<i4")]), protocol=5), "dtype"),
        ("datetime64_array_p5", pickle.dumps(np.zeros(2, dtype="M8[s]"), protocol=5), "dtype"),
        ("out_of_band_p5", pickle.dumps(np.arange(3), protocol=5, buffer_callback=lambda b: False),
         "out-of-band"),
        ("recursive_list_p5", pickle.dumps(recursive, protocol=5), "recursive"),
    ]:
        path = f"refused_{name}.pkl"
        with open(os.path.join(OUT, path), "wb") as f:
            f.write(blob)
        refused.append({"name": name, "path": path, "error_contains": phrase})

    def compact(obj):
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        f.write('{"generator":"Fixtures/generate_pickles.py",')
        f.write(f'"python":"{sys.version.split()[0]}","numpy":"{np.__version__}",')
        f.write(f'"cloudpickle":"{cloudpickle.__version__}",\n"cases":[\n')
        f.write(",\n".join(compact(entry) for entry in manifest))
        f.write('],\n"refused":[\n')
        f.write(",\n".join(compact(entry) for entry in refused))
        f.write('],\n"values":{\n')
        f.write(",\n".join(f"{compact(k)}:{compact(v)}" for k, v in values.items()))
        f.write("}}\n")
    json.load(open(os.path.join(OUT, "manifest.json")))
    print(f"wrote {len(manifest)} pickles to {OUT}")
    print(f"flamepy _serialize_object_data checked on {flamepy_checked} values"
          if flamepy_serialize else "flamepy not importable: FLM\\x00 blobs not checked (set FLAMEPY_PATH)")


if __name__ == "__main__":
    main()
