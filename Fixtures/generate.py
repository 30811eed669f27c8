#!/usr/bin/env python3
# Licensed under the same terms as the rest of this repository.
"""Golden-fixture generator for the Swift Arrow IPC library.

For every case NAME this script writes, into ``Fixtures/ipc/``:

* ``NAME.stream``      -- bytes of ``pa.ipc.new_stream(...)`` (IPC streaming format)
* ``NAME.arrow_file``  -- bytes of ``pa.ipc.new_file(...)`` (IPC file format), only
                          where pyarrow can write the case as a file
* ``NAME.json``        -- the expected content in the Apache Arrow *integration JSON*
                          format (docs/source/format/Integration.rst), following the
                          conventions of the arrow-testing ``cpp-21.0.0`` gold files

plus ``manifest.json`` describing every case.

The output is fully deterministic: running the script twice produces identical
bytes (see ``Fixtures/README.md``).  ``--check`` additionally verifies the
written files against pyarrow (see ``run_checks``).

Usage::

    .venv/bin/python Fixtures/generate.py            # (re)generate Fixtures/ipc
    .venv/bin/python Fixtures/generate.py --check    # regenerate, then self-check
    .venv/bin/python Fixtures/generate.py --check-only   # only check existing files

Requires exactly pyarrow==26.0.1 (see Fixtures/requirements.txt); it refuses to
run with any other version because the IPC bytes are pinned to that writer.
"""

import argparse
import ctypes
import hashlib
import json
import math
import os
import struct
import sys
from collections import OrderedDict
from decimal import Decimal

import pyarrow as pa

REQUIRED_PYARROW = "26.0.1"

if pa.__version__ != REQUIRED_PYARROW:
    sys.stderr.write(
        "Fixtures/generate.py requires pyarrow==%s (found %s); refusing to run, "
        "because the golden IPC bytes are pinned to that exact writer.\n"
        "Install the pinned requirements: pip install -r Fixtures/requirements.txt\n"
        % (REQUIRED_PYARROW, pa.__version__)
    )
    sys.exit(2)

import numpy as np  # noqa: E402  (pyarrow pulls numpy in anyway)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "ipc")

INT32_MIN, INT32_MAX = -(2 ** 31), 2 ** 31 - 1
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1


# ---------------------------------------------------------------------------
# Deterministic pseudo-random numbers (splitmix64; independent of Python's and
# numpy's generators so the data never changes with their versions).
# ---------------------------------------------------------------------------

class Rng:
    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.state = seed & self.MASK

    def u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & self.MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.u64() % n

    def between(self, lo, hi):
        """Integer in [lo, hi]."""
        return lo + self.below(hi - lo + 1)

    def chance(self, percent):
        return self.below(100) < percent


# ---------------------------------------------------------------------------
# Types pyarrow's Python layer cannot construct directly.
#
# pyarrow has no Python factory for the YEAR_MONTH ("month_interval") and
# DAY_TIME ("day_time_interval") interval types and cannot wrap such arrays in
# Python objects.  The *types* are imported through the C data interface
# (format strings "tiM" / "tiD"); the *data* is created with a layout-identical
# physical type (int32 / int64) and re-read from its IPC message with the
# logical schema (pa.ipc.read_record_batch), so the batch only ever lives in C++.
# ---------------------------------------------------------------------------

class _ArrowSchema(ctypes.Structure):
    pass


_RELEASE = ctypes.CFUNCTYPE(None, ctypes.POINTER(_ArrowSchema))
_ArrowSchema._fields_ = [
    ("format", ctypes.c_char_p),
    ("name", ctypes.c_char_p),
    ("metadata", ctypes.c_char_p),
    ("flags", ctypes.c_int64),
    ("n_children", ctypes.c_int64),
    ("children", ctypes.c_void_p),
    ("dictionary", ctypes.c_void_p),
    ("release", _RELEASE),
    ("private_data", ctypes.c_void_p),
]


@_RELEASE
def _release_schema(ptr):
    ptr.contents.release = _RELEASE()


_C_KEEPALIVE = []


def _type_from_c_format(fmt):
    fmt_buf = ctypes.create_string_buffer(fmt.encode("ascii"))
    _C_KEEPALIVE.append(fmt_buf)
    schema = _ArrowSchema()
    schema.format = ctypes.cast(fmt_buf, ctypes.c_char_p)
    schema.name = None
    schema.metadata = None
    schema.flags = 2  # ARROW_FLAG_NULLABLE
    schema.n_children = 0
    schema.children = None
    schema.dictionary = None
    schema.release = _release_schema
    schema.private_data = None
    _C_KEEPALIVE.append(schema)
    return pa.DataType._import_from_c(ctypes.addressof(schema))


MONTH_INTERVAL = _type_from_c_format("tiM")
DAY_TIME_INTERVAL = _type_from_c_format("tiD")
assert str(MONTH_INTERVAL) == "month_interval", str(MONTH_INTERVAL)
assert str(DAY_TIME_INTERVAL) == "day_time_interval", str(DAY_TIME_INTERVAL)


def is_month_interval(t):
    return str(t) == "month_interval"


def is_day_time_interval(t):
    return str(t) == "day_time_interval"


def physical_type_for(t):
    """Layout-identical stand-in for types pyarrow cannot wrap in Python."""
    if is_month_interval(t):
        return pa.int32()
    if is_day_time_interval(t):
        return pa.int64()  # (days: int32, milliseconds: int32) little-endian pair
    return t


def physical_schema_for(schema):
    return pa.schema(
        [pa.field(f.name, physical_type_for(f.type), f.nullable, f.metadata) for f in schema],
        metadata=schema.metadata,
    )


def needs_physical(schema):
    return any(physical_type_for(f.type) is not f.type for f in schema)


def day_time_to_int64(days, millis):
    return struct.unpack("<q", struct.pack("<ii", days, millis))[0]


# ---------------------------------------------------------------------------
# Extension types registered by this generator.
# ---------------------------------------------------------------------------

class ArrowIpcUuidType(pa.ExtensionType):
    """'arrowipc.uuid': a UUID stored as fixed_size_binary(16), no parameters."""

    def __init__(self):
        super().__init__(pa.binary(16), "arrowipc.uuid")

    def __arrow_ext_serialize__(self):
        return b""

    @classmethod
    def __arrow_ext_deserialize__(cls, storage_type, serialized):
        return cls()


class ArrowIpcLabeledType(pa.ExtensionType):
    """'arrowipc.labeled': int32 with a text label as serialized metadata."""

    def __init__(self, label):
        self.label = label
        super().__init__(pa.int32(), "arrowipc.labeled")

    def __arrow_ext_serialize__(self):
        return ("label=" + self.label).encode("utf-8")

    @classmethod
    def __arrow_ext_deserialize__(cls, storage_type, serialized):
        text = serialized.decode("utf-8")
        assert text.startswith("label="), text
        return cls(text[len("label="):])


for _ext in (ArrowIpcUuidType(), ArrowIpcLabeledType("x")):
    try:
        pa.register_extension_type(_ext)
    except pa.ArrowKeyError:
        pass  # already registered (module imported twice)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

V5 = "V5"
V4 = "V4"


class Case:
    def __init__(self, name, description, schema, batches, metadata_version=V5,
                 use_legacy_format=False, emit_dictionary_deltas=False, notes=None,
                 parents=None):
        self.name = name
        # For batches built from slices: parents[b][c] is (parent array, offset) when
        # column c of batch b is parent.slice(offset, rows), else None. The JSON holds
        # only the logical values; Arrow C++ also writes bytes of the parent beyond the
        # slice ("send padding if available"), so rebuilding the same bytes needs the
        # parent: written to NAME.parents.json.
        self.parents = parents
        self.description = description
        self.schema = schema
        self.batches = batches
        self.metadata_version = metadata_version
        self.use_legacy_format = use_legacy_format
        self.emit_dictionary_deltas = emit_dictionary_deltas
        self.notes = list(notes or [])

    def write_options(self):
        return pa.ipc.IpcWriteOptions(
            metadata_version=(pa.ipc.MetadataVersion.V5 if self.metadata_version == V5
                              else pa.ipc.MetadataVersion.V4),
            use_legacy_format=self.use_legacy_format,
            emit_dictionary_deltas=self.emit_dictionary_deltas,
            compression=None,
        )


def batch(schema, columns):
    return pa.record_batch(columns, schema=schema)


def table_batches(table):
    return table.to_batches()


def dict_array(indices, index_type, dictionary, ordered=False):
    return pa.DictionaryArray.from_arrays(pa.array(indices, type=index_type), dictionary,
                                          ordered=ordered)


UUID_BYTES = [
    bytes.fromhex("00000000000000000000000000000000"),
    bytes.fromhex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"),
    bytes.fromhex("123E4567E89B12D3A456426614174000"),
    bytes.fromhex("F81D4FAE7DEC11D0A76500A0C91E6BF6"),
]


def case_null():
    schema = pa.schema([
        pa.field("nulls", pa.null()),
        pa.field("ints", pa.int32()),
        pa.field("list_of_nulls", pa.list_(pa.null())),
        pa.field("struct_with_null", pa.struct([pa.field("n", pa.null()),
                                                  pa.field("i", pa.int8())])),
    ])
    b0 = batch(schema, [
        pa.nulls(5),
        pa.array([1, None, 3, None, 5], pa.int32()),
        pa.array([[None, None], [], None, [None], []], pa.list_(pa.null())),
        pa.array([{"n": None, "i": 1}, None, {"n": None, "i": None}, {"n": None, "i": -1},
                  {"n": None, "i": 127}], schema.field(3).type),
    ])
    b1 = batch(schema, [pa.nulls(0), pa.array([], pa.int32()),
                        pa.array([], pa.list_(pa.null())),
                        pa.array([], schema.field(3).type)])
    return Case("null", "Null type at top level, as list item and as struct child; "
                "second batch has zero rows.", schema, [b0, b1])


def case_bool():
    schema = pa.schema([
        pa.field("bool_nullable", pa.bool_()),
        pa.field("bool_nonnullable", pa.bool_(), nullable=False),
        pa.field("all_null", pa.bool_()),
        pa.field("all_true", pa.bool_()),
    ])
    vals = [True, False, None, True, True, False, None, False, True, True, None]
    b = batch(schema, [
        pa.array(vals, pa.bool_()),
        pa.array([True, False, False, True, True, True, False, False, True, False, True]),
        pa.array([None] * 11, pa.bool_()),
        pa.array([True] * 11),
    ])
    return Case("bool", "Booleans over 11 rows (crosses a byte boundary): nullable, "
                "non-nullable, all-null, all-true.", schema, [b])


INT_TYPES = [
    ("int8", pa.int8(), -(2 ** 7), 2 ** 7 - 1),
    ("int16", pa.int16(), -(2 ** 15), 2 ** 15 - 1),
    ("int32", pa.int32(), INT32_MIN, INT32_MAX),
    ("int64", pa.int64(), INT64_MIN, INT64_MAX),
    ("uint8", pa.uint8(), 0, 2 ** 8 - 1),
    ("uint16", pa.uint16(), 0, 2 ** 16 - 1),
    ("uint32", pa.uint32(), 0, 2 ** 32 - 1),
    ("uint64", pa.uint64(), 0, 2 ** 64 - 1),
]


def case_integers():
    fields, cols = [], []
    for name, t, lo, hi in INT_TYPES:
        one = -1 if lo < 0 else 1
        fields.append(pa.field(name + "_nullable", t))
        cols.append(pa.array([lo, hi, 0, one, None, 42, None], t))
        fields.append(pa.field(name + "_nonnullable", t, nullable=False))
        cols.append(pa.array([hi, lo, one, 0, 7, hi - 1, lo + 1], t))
    schema = pa.schema(fields)
    return Case("integers", "int8..int64 and uint8..uint64, nullable and non-nullable, "
                "with min/max/0/+-1 values.", schema, [batch(schema, cols)])


def case_floats():
    f16 = pa.array(np.array([1.0, -2.5, np.nan, np.inf, -np.inf, -0.0, 65504.0,
                             2.0 ** -24, 0.0], dtype=np.float16), pa.float16(),
                   mask=np.array([0, 0, 0, 0, 0, 0, 0, 0, 1], dtype=bool))
    f32 = pa.array(np.array([1.5, -0.0, np.nan, np.inf, -np.inf, 3.4028234663852886e38,
                             1.401298464324817e-45, 0.1, 0.0], dtype=np.float32),
                   pa.float32(), mask=np.array([0, 0, 0, 0, 0, 0, 0, 0, 1], dtype=bool))
    f64 = [0.1, -0.0, float("nan"), float("inf"), float("-inf"), 1.7976931348623157e308,
           5e-324, -1e-300, None]
    schema = pa.schema([
        pa.field("float16", pa.float16()),
        pa.field("float32", pa.float32()),
        pa.field("float64", pa.float64()),
        pa.field("float64_nonnullable", pa.float64(), nullable=False),
    ])
    b = batch(schema, [f16, f32, pa.array(f64, pa.float64()),
                       pa.array([1.0, 2.0, 3.0, -4.5, 1e10, 1e-10, 123456.789, 0.0, -0.0])])
    return Case("floats", "float16/float32/float64 with NaN, +-inf, -0.0, max, smallest "
                "subnormal and nulls.", schema, [b])


def case_decimals():
    D = Decimal
    specs = [
        ("decimal32_9_2", pa.decimal32(9, 2),
         [D("1234567.89"), D("-9999999.99"), D("9999999.99"), D("0.00"), None, D("-0.01")]),
        ("decimal32_4_4", pa.decimal32(4, 4),
         [D("0.1234"), D("-0.9999"), D("0.9999"), D("0"), None, D("0.0001")]),
        ("decimal64_18_0", pa.decimal64(18, 0),
         [D("999999999999999999"), D("-999999999999999999"), D("0"), D("1"), None, D("-1")]),
        ("decimal64_10_3", pa.decimal64(10, 3),
         [D("1234567.891"), D("-0.001"), D("9999999.999"), D("-9999999.999"), None,
          D("42.000")]),
        ("decimal128_38_10", pa.decimal128(38, 10),
         [D("9999999999999999999999999999.9999999999"),
          D("-9999999999999999999999999999.9999999999"),
          D("0"), D("-1.5"), None, D("3.1415926535")]),
        ("decimal128_5_neg2", pa.decimal128(5, -2),
         [D("12300"), D("-9999900"), D("0"), D("100"), None, D("9999900")]),
        ("decimal256_76_20", pa.decimal256(76, 20),
         [D("9" * 56 + "." + "9" * 20), D("-" + "9" * 56 + "." + "9" * 20), D("0"),
          D("-0.00000000000000000001"), None, D("123456789012345678901234567890.5")]),
        ("decimal256_40_0", pa.decimal256(40, 0),
         [D("1" + "0" * 39), D("-" + "9" * 40), D("0"), D("12345"), None, D("-1")]),
    ]
    schema = pa.schema([pa.field(n, t) for n, t, _ in specs])
    b = batch(schema, [pa.array(v, t) for _, t, v in specs])
    return Case("decimals", "decimal32/64/128/256 with various precision/scale (incl. "
                "scale == precision and negative scale), max-precision and negative values.",
                schema, [b])


def case_dates_times():
    day_ms = 86400000
    schema = pa.schema([
        pa.field("date32", pa.date32()),
        pa.field("date64", pa.date64()),
        pa.field("time32_s", pa.time32("s")),
        pa.field("time32_ms", pa.time32("ms")),
        pa.field("time64_us", pa.time64("us")),
        pa.field("time64_ns", pa.time64("ns")),
    ])
    b = batch(schema, [
        pa.array([0, -1, 19000, 2932896, -719162, None], pa.date32()),
        pa.array([0, -day_ms, 1640995200000, 253402214400000 - day_ms, -62135596800000, None],
                 pa.date64()),
        pa.array([0, 1, 86399, 43200, None, 3600], pa.time32("s")),
        pa.array([0, 1, 86399999, 43200000, None, 1], pa.time32("ms")),
        pa.array([0, 1, 86399999999, 43200000000, None, 123456789], pa.time64("us")),
        pa.array([0, 1, 86399999999999, 43200000000000, None, 123456789012], pa.time64("ns")),
    ])
    return Case("dates_times", "date32, date64, time32[s|ms], time64[us|ns] with edge values.",
                schema, [b])


def case_timestamps():
    fields, cols = [], []
    for unit, scale in (("s", 1), ("ms", 10 ** 3), ("us", 10 ** 6), ("ns", 10 ** 9)):
        for tz, tzname in ((None, "naive"), ("UTC", "utc"), ("America/New_York", "new_york"),
                           ("+05:30", "plus0530")):
            t = pa.timestamp(unit, tz=tz)
            fields.append(pa.field("ts_%s_%s" % (unit, tzname), t))
            cols.append(pa.array([0, 1, -1, 1700000000 * scale, INT64_MIN, INT64_MAX, None], t))
    schema = pa.schema(fields)
    return Case("timestamps", "timestamp[s|ms|us|ns] without timezone and with 'UTC', "
                "'America/New_York', '+05:30'; values include int64 min/max.",
                schema, [batch(schema, cols)])


def case_durations():
    fields, cols = [], []
    for unit, scale in (("s", 1), ("ms", 10 ** 3), ("us", 10 ** 6), ("ns", 10 ** 9)):
        t = pa.duration(unit)
        fields.append(pa.field("duration_" + unit, t))
        cols.append(pa.array([0, 1, -1, 86400 * scale, INT64_MIN, INT64_MAX, None], t))
    schema = pa.schema(fields)
    return Case("durations", "duration[s|ms|us|ns] with int64 min/max.", schema,
                [batch(schema, cols)])


def case_intervals():
    months = [0, 1, -1, 12, INT32_MAX, INT32_MIN, None]
    day_times = [(0, 0), (1, 1), (-1, -1), (365, 86399999), (INT32_MAX, INT32_MIN),
                 (INT32_MIN, INT32_MAX), None]
    mdns = [(0, 0, 0), (1, 1, 1), (-1, -1, -1), (12, 30, 86400 * 10 ** 9),
            (INT32_MAX, INT32_MIN, INT64_MAX), (INT32_MIN, INT32_MAX, INT64_MIN), None]
    schema = pa.schema([
        pa.field("month_interval", MONTH_INTERVAL),
        pa.field("day_time_interval", DAY_TIME_INTERVAL),
        pa.field("month_day_nano_interval", pa.month_day_nano_interval()),
    ])
    phys_schema = physical_schema_for(schema)
    phys = batch(phys_schema, [
        pa.array(months, pa.int32()),
        pa.array([None if v is None else day_time_to_int64(*v) for v in day_times],
                 pa.int64()),
        pa.array([None if v is None else pa.MonthDayNano(list(v)) for v in mdns],
                 pa.month_day_nano_interval()),
    ])
    logical = pa.ipc.read_record_batch(pa.ipc.read_message(phys.serialize()), schema)
    logical.validate(full=True)
    return Case("intervals", "month_interval (YEAR_MONTH), day_time_interval (DAY_TIME) and "
                "month_day_nano_interval with int32/int64 extremes.", schema, [logical],
                notes=["pyarrow cannot wrap month_interval/day_time_interval arrays in Python; "
                       "the generator builds them from layout-identical int32/int64 data."])


UTF8_VALUES = ["", "a", "h\u00e9llo", "\u65e5\u672c\u8a9e", "\U0001F389 emoji", None,
               "tab\tnewline\n", "nul\x00byte", "quote\"back\\slash"]
BINARY_VALUES = [b"", b"\x00", b"\xff\xfe\x00\x01", None, b"abc", bytes(range(256)),
                 b"\x80", b"\n\r", b"zz"]


def case_binary_and_strings():
    schema = pa.schema([
        pa.field("utf8", pa.utf8()),
        pa.field("utf8_nonnullable", pa.utf8(), nullable=False),
        pa.field("binary", pa.binary()),
        pa.field("large_utf8", pa.large_utf8()),
        pa.field("large_binary", pa.large_binary()),
        pa.field("fixed_size_binary_4", pa.binary(4)),
        pa.field("fixed_size_binary_1", pa.binary(1)),
    ])
    b = batch(schema, [
        pa.array(UTF8_VALUES, pa.utf8()),
        pa.array(["x", "", "\u00fc", "\u00df\u00df", "\u20ac", "\U0001F600", "end", "", "z"]),
        pa.array(BINARY_VALUES, pa.binary()),
        pa.array(UTF8_VALUES, pa.large_utf8()),
        pa.array(BINARY_VALUES, pa.large_binary()),
        pa.array([b"\x00\x00\x00\x00", b"\xff\xff\xff\xff", None, b"abcd", b"\x01\x02\x03\x04",
                  None, b"1234", b"\x80\x00\x00\x7f", b"    "], pa.binary(4)),
        pa.array([b"\x00", None, b"\xff", b"a", b"b", b"c", None, b"\x7f", b"z"], pa.binary(1)),
    ])
    return Case("binary_and_strings", "utf8, binary, large_utf8, large_binary, "
                "fixed_size_binary: empty values, unicode, NUL bytes, all 256 byte values, nulls.",
                schema, [b])


def case_binary_views():
    sv_a = pa.array(["", "short", "exactly12byt", "thirteen byte", None,
                     "a much longer string that is stored out of line"], pa.string_view())
    sv_b = pa.array(["\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8", "\u00e9\u00e9",
                     "emoji \U0001F389\U0001F389\U0001F389 out of line"], pa.string_view())
    sv = pa.concat_arrays([sv_a, sv_b])  # two variadic data buffers
    bv_a = pa.array([b"", b"\x00" * 12, b"\x01" * 13, None, b"inline",
                     bytes(range(40))], pa.binary_view())
    bv_b = pa.array([b"\xff" * 20, None, b"\xde\xad\xbe\xef"], pa.binary_view())
    bv = pa.concat_arrays([bv_a, bv_b])
    # Hand-made views: out-of-order and overlapping references into one buffer
    # that also contains bytes no view refers to.
    data = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

    def out_of_line(offset, size):
        return struct.pack("<i4sii", size, data[offset:offset + 4], 0, offset)

    def inline(value):
        return struct.pack("<i", len(value)) + value.ljust(12, b"\x00")

    views = b"".join([
        out_of_line(10, 20),
        out_of_line(0, 13),
        inline(b"hello"),
        bytes(16),  # null
        out_of_line(3, 15),
        out_of_line(40, 22),
        inline(b""),
        inline(b"twelve bytes"),
        out_of_line(10, 20),
    ])
    validity = pa.py_buffer(bytes([0b11110111, 0b1]))
    crafted = pa.Array.from_buffers(pa.binary_view(), 9,
                                    [validity, pa.py_buffer(views), pa.py_buffer(data)],
                                    null_count=1)
    crafted.validate(full=True)
    crafted_utf8 = pa.Array.from_buffers(pa.string_view(), 9,
                                         [validity, pa.py_buffer(views), pa.py_buffer(data)],
                                         null_count=1)
    crafted_utf8.validate(full=True)
    schema = pa.schema([
        pa.field("utf8_view", pa.string_view()),
        pa.field("binary_view", pa.binary_view()),
        pa.field("binary_view_crafted", pa.binary_view()),
        pa.field("utf8_view_crafted", pa.string_view()),
    ])
    b = batch(schema, [sv, bv, crafted, crafted_utf8])
    return Case("binary_views", "utf8_view and binary_view: empty, inline (<=12 bytes, incl. "
                "exactly 12), out-of-line (>=13 bytes), several variadic buffers, overlapping "
                "and out-of-order views into a buffer with unreferenced bytes.", schema, [b])


def case_lists():
    item_nn = pa.field("elem", pa.int64(), nullable=False)
    schema = pa.schema([
        pa.field("list_int32", pa.list_(pa.int32())),
        pa.field("large_list_utf8", pa.large_list(pa.utf8())),
        pa.field("fixed_size_list_int16_3", pa.list_(pa.int16(), 3)),
        pa.field("list_list_int32", pa.list_(pa.list_(pa.int32()))),
        pa.field("list_custom_item_nonnullable", pa.list_(item_nn), nullable=False),
        pa.field("large_list_fixed_size_list", pa.large_list(pa.list_(pa.float32(), 2))),
    ])
    b = batch(schema, [
        pa.array([[1, 2, 3], [], None, [None], [INT32_MIN, INT32_MAX], [4]], pa.list_(pa.int32())),
        pa.array([["a", ""], None, [], ["\u65e5\u672c", None], ["x"], [None, None, "z"]],
                 pa.large_list(pa.utf8())),
        pa.array([[1, 2, 3], None, [None, 5, -32768], [0, 0, 0], [32767, None, None], None],
                 pa.list_(pa.int16(), 3)),
        pa.array([[[1], [2, 3]], [[]], [], None, [None, [4]], [[5, 6, 7], [], None]],
                 pa.list_(pa.list_(pa.int32()))),
        pa.array([[1], [], [2, 3], [INT64_MAX], [], [INT64_MIN, 0]], pa.list_(item_nn)),
        pa.array([[[1.5, None]], None, [], [None, [0.0, -0.0]], [[1e30, -1e30], [2.0, 3.0]], [None]],
                 pa.large_list(pa.list_(pa.float32(), 2))),
    ])
    return Case("lists", "list, large_list, fixed_size_list, list<list>, custom non-nullable "
                "item field, large_list<fixed_size_list>: empty lists, null lists, null items.",
                schema, [b])


def case_list_views():
    values = pa.array([10, 20, 30, None, 50, 60, 70], pa.int32())
    lv = pa.ListViewArray.from_arrays(
        pa.array([3, 0, 1, 0, 5, 2], pa.int32()), pa.array([2, 3, 0, 0, 1, 4], pa.int32()),
        values, mask=pa.array([False, False, False, True, False, False]))
    large_values = pa.array([0.5, float("nan"), -1.25, None, 8.0], pa.float64())
    llv = pa.LargeListViewArray.from_arrays(
        pa.array([4, 0, 0, 1, 0, 2], pa.int64()), pa.array([1, 5, 0, 3, 2, 0], pa.int64()),
        large_values, mask=pa.array([False, False, False, False, True, False]))
    inner = pa.array([[1], [2, 3], [], None, [4, 5, 6]], pa.list_(pa.int32()))
    nested = pa.ListViewArray.from_arrays(
        pa.array([0, 2, 4, 1, 0, 3], pa.int32()), pa.array([2, 3, 1, 0, 5, 1], pa.int32()),
        inner, mask=pa.array([False, False, False, False, False, True]))
    lv_utf8 = pa.array([["a", "b"], None, [], ["\u00e9", None], ["x"], []],
                       pa.list_view(pa.utf8()))
    schema = pa.schema([
        pa.field("list_view_int32", lv.type),
        pa.field("large_list_view_float64", llv.type),
        pa.field("list_view_list_int32", nested.type),
        pa.field("list_view_utf8", lv_utf8.type),
    ])
    b = batch(schema, [lv, llv, nested, lv_utf8])
    return Case("list_views", "list_view and large_list_view with out-of-order and "
                "overlapping offsets, empty and null views, nested list_view<list<int32>>.",
                schema, [b])


def case_structs():
    inner_t = pa.struct([pa.field("d", pa.bool_()), pa.field("e", pa.float64(), nullable=False)])
    outer_t = pa.struct([pa.field("a", pa.int32()), pa.field("b", pa.utf8()),
                         pa.field("c", inner_t)])
    outer = pa.array([
        {"a": 1, "b": "one", "c": {"d": True, "e": 1.5}},
        None,
        {"a": None, "b": None, "c": None},
        {"a": -1, "b": "", "c": {"d": None, "e": -0.5}},
        {"a": INT32_MAX, "b": "\u00fcml\u00e4ut", "c": {"d": False, "e": 0.0}},
        {"a": 0, "b": None, "c": None},
    ], outer_t)
    nn_t = pa.struct([pa.field("x", pa.int8(), nullable=False), pa.field("y", pa.utf8())])
    nn = pa.array([{"x": 1, "y": "a"}, {"x": 2, "y": None}, {"x": -128, "y": ""},
                   {"x": 127, "y": "z"}, {"x": 0, "y": "q"}, {"x": 5, "y": None}], nn_t)
    empty_t = pa.struct([])
    empty = pa.array([{}, None, {}, {}, None, {}], empty_t)
    dup_t = pa.struct([pa.field("x", pa.int8()), pa.field("x", pa.utf8())])
    dup = pa.StructArray.from_arrays(
        [pa.array([1, 2, None, 4, 5, 6], pa.int8()), pa.array(["a", None, "c", "d", "", "f"])],
        fields=list(dup_t), mask=pa.array([False, False, False, True, False, False]))
    schema = pa.schema([
        pa.field("nested_struct", outer_t),
        pa.field("struct_nonnullable", nn_t, nullable=False),
        pa.field("empty_struct", empty_t),
        pa.field("duplicate_child_names", dup_t),
    ])
    b = batch(schema, [outer, nn, empty, dup])
    return Case("structs", "struct<int32, utf8, struct<bool, float64 not null>> with nulls at "
                "both levels, non-nullable struct, empty struct<>, duplicate child names.",
                schema, [b])


def case_maps():
    m1_t = pa.map_(pa.utf8(), pa.int32())
    m2_t = pa.map_(pa.int32(), pa.utf8(), keys_sorted=True)
    m3_t = pa.map_(pa.utf8(), pa.list_(pa.int32()))
    schema = pa.schema([
        pa.field("map_utf8_int32", m1_t),
        pa.field("map_int32_utf8_sorted", m2_t),
        pa.field("map_utf8_list", m3_t),
    ])
    b = batch(schema, [
        pa.array([[("a", 1), ("b", None)], [], None, [("\u65e5\u672c", -1)],
                  [("", INT32_MIN), ("z", INT32_MAX), ("a", 0)]], m1_t),
        pa.array([[(1, "x"), (2, "y")], None, [], [(-5, None)], [(INT32_MIN, ""), (0, "0")]],
                 m2_t),
        pa.array([[("k", [1, 2]), ("e", [])], [("n", None)], None, [], [("x", [None])]], m3_t),
    ])
    return Case("maps", "map<utf8,int32> (keys_sorted=false), map<int32,utf8> (keys_sorted=true), "
                "map<utf8,list<int32>>: empty maps, null maps, null values.", schema, [b])


def case_unions():
    sparse = pa.UnionArray.from_sparse(
        pa.array([5, 7, 10, 5, 7, 10, 5], pa.int8()),
        [pa.array([1, None, 3, INT32_MIN, 5, 6, None], pa.int32()),
         pa.array(["a", "b", None, "d", None, "f", "g"]),
         pa.array([True, False, True, None, False, None, True])],
        ["i", "s", "b"], [5, 7, 10])
    dense = pa.UnionArray.from_dense(
        pa.array([3, 9, 0, 3, 3, 9, 0], pa.int8()),
        pa.array([0, 0, 0, 1, 2, 1, 1], pa.int32()),
        [pa.array([INT64_MIN, None, INT64_MAX], pa.int64()),
         pa.array(["\u00e9t\u00e9", None]),
         pa.nulls(2)],
        ["l", "s", "n"], [3, 9, 0])
    sparse_default = pa.UnionArray.from_sparse(
        pa.array([0, 1, 1, 0, 0, 1, 0], pa.int8()),
        [pa.array([1.5, 2.5, 3.5, None, 5.5, 6.5, 7.5], pa.float64()),
         pa.array([[1], [], None, [4], [5], [6, 7], []], pa.list_(pa.int16()))],
        ["f", "l"])
    dense_struct = pa.UnionArray.from_dense(
        pa.array([1, 1, 1, 0, 0, 1, 0], pa.int8()),
        pa.array([0, 1, 2, 0, 1, 3, 2], pa.int32()),
        [pa.array([{"p": 1}, None, {"p": None}], pa.struct([pa.field("p", pa.int32())])),
         pa.array([b"\x00", b"", None, b"\xff\xee"], pa.binary())],
        ["st", "bin"])
    schema = pa.schema([
        pa.field("sparse_codes_5_7_10", sparse.type),
        pa.field("dense_codes_3_9_0", dense.type),
        pa.field("sparse_default_codes", sparse_default.type),
        pa.field("dense_struct_binary", dense_struct.type),
    ])
    b = batch(schema, [sparse, dense, sparse_default, dense_struct])
    return Case("unions", "sparse and dense unions with non-default type codes, null children, "
                "nested children (list, struct), nulls inside children.", schema, [b])


def case_dictionaries():
    words = pa.array(["alpha", "beta", "\u03b3\u03ac\u03bc\u03bc\u03b1", ""])
    with_null = pa.array(["x", None, "z"])
    big = pa.array([INT64_MIN, 0, INT64_MAX, -1], pa.int64())
    cols = [
        ("dict_int8_utf8", dict_array([0, 1, None, 2, 3, 1], pa.int8(), words)),
        ("dict_int16_int64_ordered", dict_array([2, 0, 1, None, 3, 2], pa.int16(), big,
                                                ordered=True)),
        ("dict_int32_utf8_null_in_dict", dict_array([1, 0, 2, None, 1, 1], pa.int32(), with_null)),
        ("dict_int64_utf8", dict_array([3, 3, 0, 1, None, 2], pa.int64(), words)),
        ("dict_uint8_utf8", dict_array([0, None, 1, 2, 3, 0], pa.uint8(), words)),
        ("dict_uint16_int32", dict_array([1, 0, 1, 0, None, 2], pa.uint16(),
                                         pa.array([7, -7, INT32_MAX], pa.int32()))),
        ("dict_uint32_utf8_ordered", dict_array([2, 1, 0, None, 0, 1], pa.uint32(),
                                                pa.array(["low", "mid", "high"]), ordered=True)),
        ("dict_uint64_float64", dict_array([0, 1, 2, 0, 1, None], pa.uint64(),
                                           pa.array([0.5, -1.0, 1e100]))),
        ("dict_int32_binary", dict_array([0, 1, 0, None, 1, 1], pa.int32(),
                                         pa.array([b"\x00\x01", b""], pa.binary()))),
    ]
    schema = pa.schema([pa.field(n, a.type) for n, a in cols])
    b0 = batch(schema, [a for _, a in cols])
    b1 = batch(schema, [a.slice(2, 3) for _, a in cols])
    parents = [[None] * len(cols), [(a, 2) for _, a in cols]]
    return Case("dictionaries", "Dictionary-encoded columns with int8/16/32/64 and uint8/16/32/64 "
                "indices, ordered and unordered, utf8/int64/int32/float64/binary values, null in "
                "indices and in the dictionary; two batches share every dictionary.",
                schema, [b0, b1], parents=parents)


def case_nested_dictionaries():
    strs = pa.array(["red", "green", "blue"])
    list_dict = pa.ListArray.from_arrays(
        pa.array([0, 2, 2, 3, 5, 6], pa.int32()),
        dict_array([0, 1, 2, None, 1, 0], pa.int32(), strs),
        mask=pa.array([False, False, True, False, False]))
    struct_with_dict = pa.StructArray.from_arrays(
        [dict_array([1, 0, None, 1, 0], pa.int8(), pa.array(["yes", "no"])),
         pa.array([1, 2, 3, None, 5], pa.int32())],
        names=["flag", "plain"], mask=pa.array([False, False, False, False, True]))
    struct_values = pa.array([{"a": 1, "b": "one"}, {"a": None, "b": "two"}, None,
                              {"a": 3, "b": None}],
                             pa.struct([pa.field("a", pa.int32()), pa.field("b", pa.utf8())]))
    dict_of_struct = dict_array([0, 3, None, 2, 1], pa.int8(), struct_values)
    inner_words = pa.array(["a", "b", "c"])
    list_values = pa.ListArray.from_arrays(
        pa.array([0, 2, 2, 4], pa.int32()), dict_array([0, 1, 2, None], pa.int8(), inner_words))
    dict_of_list_of_dict = dict_array([2, 0, 1, None, 2], pa.int16(), list_values)
    schema = pa.schema([
        pa.field("list_of_dict", list_dict.type),
        pa.field("struct_with_dict", struct_with_dict.type),
        pa.field("dict_of_struct", dict_of_struct.type),
        pa.field("dict_of_list_of_dict", dict_of_list_of_dict.type),
    ])
    b = batch(schema, [list_dict, struct_with_dict, dict_of_struct, dict_of_list_of_dict])
    return Case("nested_dictionaries", "Dictionaries in nested positions: list<dictionary>, "
                "struct child dictionary, dictionary of a dictionary-less struct, dictionary "
                "of list<dictionary> (a dictionary inside a dictionary's values).", schema, [b])


def case_dictionary_replacement():
    schema = pa.schema([
        pa.field("replaced", pa.dictionary(pa.int8(), pa.utf8())),
        pa.field("stable", pa.dictionary(pa.int16(), pa.int32())),
    ])
    stable_dict = pa.array([100, 200, 300], pa.int32())
    d_first = pa.array(["a", "b"])
    d_second = pa.array(["c", "d", "e"])
    batches = [
        batch(schema, [dict_array([0, 1, None], pa.int8(), d_first),
                       dict_array([0, 1, 2], pa.int16(), stable_dict)]),
        batch(schema, [dict_array([1, 1], pa.int8(), d_first),
                       dict_array([2, None], pa.int16(), stable_dict)]),
        batch(schema, [dict_array([2, 0, 1, None], pa.int8(), d_second),
                       dict_array([0, 0, 1, 2], pa.int16(), stable_dict)]),
    ]
    return Case("dictionary_replacement", "Stream whose first dictionary is replaced (a "
                "non-delta dictionary message with the same id) before the third batch; the "
                "second dictionary never changes.", schema, batches,
                notes=["No .arrow_file: the IPC file format allows only one non-delta "
                       "dictionary per id; pyarrow raises on replacement."])


def case_dictionary_delta():
    schema = pa.schema([
        pa.field("grows", pa.dictionary(pa.int32(), pa.utf8())),
        pa.field("stable", pa.dictionary(pa.int8(), pa.utf8())),
    ])
    stable = pa.array(["s0", "s1"])
    batches = [
        batch(schema, [dict_array([0, 1, None], pa.int32(), pa.array(["a", "b"])),
                       dict_array([0, 1, 0], pa.int8(), stable)]),
        batch(schema, [dict_array([2, 0], pa.int32(), pa.array(["a", "b", "c"])),
                       dict_array([1, None], pa.int8(), stable)]),
        batch(schema, [dict_array([4, 3, 2, None], pa.int32(),
                                  pa.array(["a", "b", "c", "d", "\u00e9"])),
                       dict_array([0, 0, 1, 1], pa.int8(), stable)]),
    ]
    return Case("dictionary_delta", "Written with emit_dictionary_deltas=True: the first "
                "dictionary grows by delta dictionary messages before batches 2 and 3.",
                schema, batches, emit_dictionary_deltas=True,
                notes=["The .arrow_file holds the initial dictionary plus the delta dictionary "
                       "blocks; a file reader applies all of them up front, so every batch read "
                       "from the file sees the final (largest) dictionary. Indices are the same."])


def case_run_end_encoded():
    def ree(run_ends, run_end_type, values, value_type):
        return pa.RunEndEncodedArray.from_arrays(pa.array(run_ends, run_end_type),
                                                 pa.array(values, value_type))
    cols = [
        ("ree_int16_int32", ree([3, 5, 6, 8], pa.int16(), [1, None, 2, INT32_MIN], pa.int32())),
        ("ree_int32_utf8", ree([2, 5, 6, 8], pa.int32(), ["a", "b", None, "\u65e5\u672c"],
                               pa.utf8())),
        ("ree_int64_float64", ree([1, 8], pa.int64(), [float("nan"), -0.5], pa.float64())),
        ("ree_int32_bool", ree([4, 8], pa.int32(), [True, None], pa.bool_())),
    ]
    schema = pa.schema([pa.field(n, a.type) for n, a in cols])
    b0 = batch(schema, [a for _, a in cols])
    b1 = batch(schema, [a.slice(2, 5) for _, a in cols])
    return Case("run_end_encoded", "run_end_encoded with int16/int32/int64 run ends over int32, "
                "utf8, float64, bool values with null runs; second batch is a slice (2, 5) "
                "whose run ends the writer rebases.", schema, [b0, b1],
                parents=[[None] * len(cols), [(a, 2) for _, a in cols]])


def case_extension_types():
    uuid_t = ArrowIpcUuidType()
    uuid_arr = pa.ExtensionArray.from_storage(
        uuid_t, pa.array([UUID_BYTES[0], None, UUID_BYTES[1], UUID_BYTES[2]], pa.binary(16)))
    list_uuid = pa.ListArray.from_arrays(
        pa.array([0, 1, 1, 3, 4], pa.int32()),
        pa.ExtensionArray.from_storage(uuid_t, pa.array(UUID_BYTES, pa.binary(16))))
    labeled_t = ArrowIpcLabeledType("meters")
    labeled = pa.ExtensionArray.from_storage(labeled_t, pa.array([1, None, -3, INT32_MAX],
                                                                 pa.int32()))
    canon_uuid = pa.ExtensionArray.from_storage(
        pa.uuid(), pa.array([UUID_BYTES[3], UUID_BYTES[2], None, UUID_BYTES[0]], pa.binary(16)))
    json_arr = pa.ExtensionArray.from_storage(
        pa.json_(), pa.array(['{"a":1}', "[]", None, '"\u00e9"'], pa.utf8()))
    bool8 = pa.ExtensionArray.from_storage(pa.bool8(), pa.array([1, 0, None, -1], pa.int8()))
    schema = pa.schema([
        pa.field("arrowipc_uuid", uuid_t, metadata={"comment": "user metadata kept first"}),
        pa.field("list_of_arrowipc_uuid", list_uuid.type),
        pa.field("arrowipc_labeled", labeled_t),
        pa.field("arrow_uuid", pa.uuid()),
        pa.field("arrow_json", pa.json_()),
        pa.field("arrow_bool8", pa.bool8()),
    ])
    b = batch(schema, [uuid_arr, list_uuid, labeled, canon_uuid, json_arr, bool8])
    return Case("extension_types", "Registered extension types 'arrowipc.uuid' "
                "(fixed_size_binary(16), also as list item) and 'arrowipc.labeled' (int32, "
                "serialized metadata 'label=meters'), canonical arrow.uuid, arrow.json, "
                "arrow.bool8; a field with user metadata plus extension metadata.",
                schema, [b])


def case_custom_metadata():
    item = pa.field("item", pa.int32(), metadata={"item_key": "item value"})
    child = pa.field("child", pa.utf8(), metadata={"z": "1", "a": "2"})
    schema = pa.schema([
        pa.field("ints", pa.int32(), metadata={"zeta": "z", "alpha": "a",
                                               "\u00fcnic\u00f8de \u2713": "v\u00e4rde \u65e5\u672c",
                                               "empty": ""}),
        pa.field("\u540d\u524d \U0001F389", pa.utf8()),
        pa.field("list_with_item_metadata", pa.list_(item)),
        pa.field("struct_with_child_metadata", pa.struct([child]),
                 metadata={"struct_key": "struct value"}),
    ], metadata=OrderedDict([("zeta", "last letter first"), ("alpha", "1"),
                             ("\u00fcnic\u00f8de", "\u2713 \u65e5\u672c\u8a9e"), ("empty", ""),
                             ("", "empty key")]))
    b = batch(schema, [
        pa.array([1, None, 3], pa.int32()),
        pa.array(["\u00e9", None, ""]),
        pa.array([[1], None, []], schema.field(2).type),
        pa.array([{"child": "c"}, None, {"child": None}], schema.field(3).type),
    ])
    return Case("custom_metadata", "Schema metadata (insertion-ordered keys, unicode, empty "
                "value, empty key), field metadata on top-level, list item and struct child "
                "fields, a unicode field name.", schema, [b])


def _mixed_table(n):
    rng = Rng(0x51CE)
    words = ["", "a", "bc", "d\u00e9f", "\u65e5\u672c", "longer than twelve bytes", None]
    dict_values = pa.array(["p", "q", "r"])
    return pa.table([
        pa.array([None if i % 5 == 3 else (i * 7919) % 2000 - 1000 for i in range(n)], pa.int32()),
        pa.array([words[i % len(words)] for i in range(n)], pa.utf8()),
        pa.array([None if i % 7 == 2 else bool(rng.below(2)) for i in range(n)], pa.bool_()),
        pa.array([None if i % 4 == 1 else list(range(i % 3)) for i in range(n)],
                 pa.list_(pa.int32())),
        pa.array([None if i % 6 == 4 else {"x": i, "y": words[(i + 1) % len(words)]}
                  for i in range(n)],
                 pa.struct([pa.field("x", pa.int64()), pa.field("y", pa.utf8())])),
        pa.array([None if i % 3 == 0 else bytes([i % 256]) * (i % 4) for i in range(n)],
                 pa.large_binary()),
        dict_array([None if i % 8 == 5 else i % 3 for i in range(n)], pa.int8(), dict_values),
        pa.array([words[(i + 2) % len(words)] for i in range(n)], pa.string_view()),
        pa.array([None if i % 5 == 0 else [i, -i] for i in range(n)], pa.list_(pa.int16(), 2)),
        pa.array([None if i % 4 == 3 else [(str(i), i)] * (i % 3) for i in range(n)],
                 pa.map_(pa.utf8(), pa.int64())),
        pa.array([None if i % 3 == 1 else Decimal(i * 1001) / 100 for i in range(n)],
                 pa.decimal128(10, 2)),
        pa.array([[i] * (i % 3) if i % 5 != 2 else None for i in range(n)],
                 pa.list_view(pa.int32())),
        pa.UnionArray.from_dense(
            pa.array([i % 2 for i in range(n)], pa.int8()),
            pa.array([i // 2 for i in range(n)], pa.int32()),
            [pa.array([i for i in range(0, n, 2)], pa.int32()),
             pa.array([str(i) for i in range(1, n, 2)])], ["i", "s"]),
        pa.UnionArray.from_sparse(
            pa.array([(i + 1) % 2 for i in range(n)], pa.int8()),
            [pa.array([i * 1.5 for i in range(n)]), pa.array([i % 2 == 0 for i in range(n)])],
            ["f", "b"]),
        pa.RunEndEncodedArray.from_arrays(
            pa.array(list(range(2, n, 2)) + [n], pa.int32()),
            pa.array([None if k % 3 == 1 else "run%d" % k for k in range((n + 1) // 2)])),
    ], names=["int32", "utf8", "bool", "list_int32", "struct", "large_binary", "dict_int8_utf8",
              "utf8_view", "fixed_size_list_int16_2", "map_utf8_int64", "decimal128_10_2",
              "list_view_int32", "dense_union", "sparse_union", "ree_int32_utf8"])


def case_sliced_table():
    full = _mixed_table(10)
    table = full.slice(1, 3)
    parents = [[(full.column(i).chunk(0), 1) for i in range(full.num_columns)]]
    return Case("sliced_table", "table.slice(1, 3) of a 10-row table with int32, utf8, bool "
                "(non byte-aligned), list, struct, large_binary, dictionary, utf8_view, "
                "fixed_size_list, map, decimal128, list_view, dense/sparse union, run_end_encoded "
                "columns; the writer rebases offsets and truncates buffers.",
                table.schema, table_batches(table), parents=parents)


def _parent_of(sliced):
    """The whole array a slice views: same buffers and children, offset 0, and
    the length the slice's parent had (recorded by `_slice`)."""
    return _SLICE_PARENTS[id(sliced)]


_SLICE_PARENTS = {}


def _slice(parent, offset, length):
    sliced = parent.slice(offset, length)
    _SLICE_PARENTS[id(sliced)] = parent
    return sliced


def case_sliced_arrays():
    n = 6
    bools = _slice(pa.array([i % 3 == 0 if i % 5 != 4 else None for i in range(20)]), 3, n)
    strings = _slice(pa.array(["s%d" % i if i % 4 else None for i in range(15)]), 7, n)
    nested = _slice(pa.array([[[i], [i, i + 1]] if i % 3 else [None, []] for i in range(12)],
                      pa.list_(pa.list_(pa.int32()))), 5, n)
    inner_t = pa.struct([pa.field("v", pa.int16()), pa.field("w", pa.utf8())])
    st_t = pa.struct([pa.field("inner", inner_t), pa.field("flag", pa.bool_())])
    structs = _slice(pa.array([None if i % 4 == 2 else
                        {"inner": None if i % 5 == 1 else {"v": i, "w": str(i) * (i % 3)},
                         "flag": i % 2 == 0} for i in range(11)], st_t), 4, n)
    lv = _slice(pa.array([[i, i + 1] if i % 3 else None for i in range(10)],
                  pa.list_view(pa.int64())), 3, n)
    dense = _slice(pa.UnionArray.from_dense(
        pa.array([0, 1, 0, 0, 1, 1, 0, 1, 0, 1], pa.int8()),
        pa.array([0, 0, 1, 2, 1, 2, 3, 3, 4, 4], pa.int32()),
        [pa.array([10, 11, None, 13, 14], pa.int32()), pa.array(["a", "b", None, "d", "e"])],
        ["i", "s"]), 2, n)
    sparse = _slice(pa.UnionArray.from_sparse(
        pa.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 0], pa.int8()),
        [pa.array(list(range(10)), pa.int8()), pa.array([str(i) for i in range(10)])],
        ["i8", "s"]), 3, n)
    ree = _slice(pa.RunEndEncodedArray.from_arrays(pa.array([2, 4, 7, 9, 12], pa.int16()),
                                            pa.array(["a", None, "b", "c", "d"])), 3, n)
    dictionary = _slice(dict_array([i % 4 if i % 5 else None for i in range(13)], pa.int16(),
                            pa.array(["w", "x", "y", "z"])), 6, n)
    views = _slice(pa.array(["v%02d %s" % (i, "long enough to be out of line" * (i % 2))
                      for i in range(12)], pa.string_view()), 5, n)
    fsl = _slice(pa.array([[i, None, i * 2] if i % 4 else None for i in range(9)],
                   pa.list_(pa.int32(), 3)), 2, n)
    large_list = _slice(pa.array([["x"] * (i % 3) for i in range(10)],
                          pa.large_list(pa.utf8())), 4, n)
    fsb = _slice(pa.array([bytes([i]) * 3 if i % 3 else None for i in range(10)],
                   pa.binary(3)), 1, n)
    mp = _slice(pa.array([[("k%d" % i, i)] * (i % 3) if i % 4 != 1 else None for i in range(10)],
                  pa.map_(pa.utf8(), pa.int32())), 3, n)
    parents = [[(_parent_of(a), a.offset) for a in
                (bools, strings, nested, structs, lv, dense, sparse, ree, dictionary, views, fsl,
                 large_list, fsb, mp)]]
    cols = [("bool_offset3", bools), ("utf8_offset7", strings), ("list_list_offset5", nested),
            ("struct_offset4", structs), ("list_view_offset3", lv),
            ("dense_union_offset2", dense), ("sparse_union_offset3", sparse),
            ("ree_offset3", ree), ("dict_offset6", dictionary), ("utf8_view_offset5", views),
            ("fixed_size_list_offset2", fsl), ("large_list_offset4", large_list),
            ("fixed_size_binary_offset1", fsb), ("map_offset3", mp)]
    schema = pa.schema([pa.field(c, a.type) for c, a in cols])
    b = batch(schema, [a for _, a in cols])
    return Case("sliced_arrays", "One batch built from individually sliced arrays with "
                "different offsets (bool offset 3, nested list, struct of struct, list_view, "
                "dense/sparse union, run_end_encoded, dictionary, utf8_view, fixed_size_list, "
                "large_list, fixed_size_binary, map).", schema, [b], parents=parents)


def _zero_schema():
    return pa.schema([
        pa.field("int32", pa.int32()),
        pa.field("utf8", pa.utf8()),
        pa.field("list_int64", pa.list_(pa.int64())),
        pa.field("dict_int8_utf8", pa.dictionary(pa.int8(), pa.utf8())),
        pa.field("struct", pa.struct([pa.field("a", pa.float64()), pa.field("b", pa.binary())])),
        pa.field("sparse_union", pa.sparse_union([pa.field("x", pa.int32()),
                                                  pa.field("y", pa.utf8())])),
        pa.field("dense_union", pa.dense_union([pa.field("x", pa.int32()),
                                                pa.field("y", pa.utf8())])),
        pa.field("binary_view", pa.binary_view()),
        pa.field("list_view", pa.list_view(pa.int32())),
        pa.field("ree", pa.run_end_encoded(pa.int32(), pa.utf8())),
        pa.field("map", pa.map_(pa.utf8(), pa.int32())),
        pa.field("fixed_size_list", pa.list_(pa.int8(), 2)),
    ])


def _empty_columns(schema):
    cols = []
    for f in schema:
        if pa.types.is_dictionary(f.type):
            cols.append(dict_array([], f.type.index_type, pa.array(["only"])))
        elif pa.types.is_union(f.type):
            children = [pa.array([], c.type) for c in f.type]
            codes = pa.array([], pa.int8())
            if f.type.mode == "sparse":
                cols.append(pa.UnionArray.from_sparse(codes, children, [c.name for c in f.type]))
            else:
                cols.append(pa.UnionArray.from_dense(codes, pa.array([], pa.int32()), children,
                                                     [c.name for c in f.type]))
        else:
            cols.append(pa.array([], f.type))
    return cols


def case_empty_table():
    schema = _zero_schema()
    return Case("empty_table", "Schema with many types (incl. a dictionary) and zero record "
                "batches: the stream is schema + end-of-stream only.", schema, [])


def case_zero_length_batches():
    schema = _zero_schema()
    cols = _empty_columns(schema)
    return Case("zero_length_batches", "Two record batches with zero rows over many types "
                "(dictionary, unions, views, list_view, run_end_encoded, map, ...).",
                schema, [batch(schema, cols), batch(schema, cols)])


def case_multiple_batches():
    schema = pa.schema([
        pa.field("id", pa.int64(), nullable=False),
        pa.field("name", pa.utf8()),
        pa.field("tags", pa.list_(pa.utf8())),
        pa.field("category", pa.dictionary(pa.int8(), pa.utf8())),
    ])
    cats = pa.array(["a", "b", "c"])
    sizes = [5, 0, 4, 1]
    batches, next_id = [], 0
    for size in sizes:
        ids = list(range(next_id, next_id + size))
        next_id += size
        batches.append(batch(schema, [
            pa.array(ids, pa.int64()),
            pa.array([None if i % 4 == 2 else "name%d" % i for i in ids]),
            pa.array([["t%d" % j for j in range(i % 3)] if i % 5 != 3 else None for i in ids],
                     pa.list_(pa.utf8())),
            dict_array([i % 3 if i % 6 else None for i in ids], pa.int8(), cats),
        ]))
    return Case("multiple_batches", "Four batches of 5, 0, 4 and 1 rows sharing one "
                "dictionary.", schema, batches)


def case_wide_table():
    kinds = [
        (pa.int8(), lambda c, r: (c * 3 + r) % 256 - 128),
        (pa.int32(), lambda c, r: c * 1000 + r),
        (pa.int64(), lambda c, r: -(c * 10 ** 12) - r),
        (pa.float64(), lambda c, r: c + r / 4.0),
        (pa.utf8(), lambda c, r: "c%d_r%d" % (c, r)),
        (pa.bool_(), lambda c, r: (c + r) % 2 == 0),
        (pa.list_(pa.int32()), lambda c, r: list(range(r))),
        (pa.binary(), lambda c, r: bytes([c % 256, r])),
    ]
    fields, cols = [], []
    for c in range(200):
        t, gen = kinds[c % len(kinds)]
        fields.append(pa.field("c%03d" % c, t))
        cols.append(pa.array([None if (c + r) % 7 == 0 else gen(c, r) for r in range(3)], t))
    schema = pa.schema(fields)
    return Case("wide_table", "200 columns cycling int8/int32/int64/float64/utf8/bool/"
                "list<int32>/binary, 3 rows.", schema, [batch(schema, cols)])


def _legacy_schema_and_batches():
    schema = pa.schema([
        pa.field("int32", pa.int32()),
        pa.field("utf8", pa.utf8()),
        pa.field("float64", pa.float64()),
        pa.field("list_int16", pa.list_(pa.int16())),
        pa.field("struct", pa.struct([pa.field("a", pa.int64()), pa.field("b", pa.bool_())])),
        pa.field("dict_int16_utf8", pa.dictionary(pa.int16(), pa.utf8())),
        pa.field("decimal128", pa.decimal128(12, 3)),
        pa.field("timestamp_ms_utc", pa.timestamp("ms", tz="UTC")),
        pa.field("date32", pa.date32()),
        pa.field("sparse_union", pa.sparse_union([pa.field("i", pa.int32()),
                                                  pa.field("s", pa.utf8())])),
        pa.field("fixed_size_binary_2", pa.binary(2)),
        pa.field("map", pa.map_(pa.utf8(), pa.int32())),
    ], metadata={"origin": "legacy"})
    dictionary = pa.array(["one", "two", "three"])

    def make(start, n):
        r = range(start, start + n)
        return batch(schema, [
            pa.array([None if i % 4 == 1 else i * 11 for i in r], pa.int32()),
            pa.array([None if i % 3 == 2 else "row %d" % i for i in r]),
            pa.array([i / 3.0 for i in r]),
            pa.array([list(range(i % 3)) if i % 5 != 4 else None for i in r], pa.list_(pa.int16())),
            pa.array([{"a": i, "b": i % 2 == 0} if i % 4 != 3 else None for i in r],
                     schema.field(4).type),
            dict_array([i % 3 if i % 6 != 5 else None for i in r], pa.int16(), dictionary),
            pa.array([Decimal(i * 12345) / 1000 if i % 3 else None for i in r],
                     pa.decimal128(12, 3)),
            pa.array([1700000000000 + i for i in r], pa.timestamp("ms", tz="UTC")),
            pa.array([19000 + i for i in r], pa.date32()),
            pa.UnionArray.from_sparse(pa.array([i % 2 for i in r], pa.int8()),
                                      [pa.array(list(r), pa.int32()),
                                       pa.array(["u%d" % i for i in r])], ["i", "s"]),
            pa.array([bytes([i, i + 1]) if i % 4 else None for i in r], pa.binary(2)),
            pa.array([[("k", i)] if i % 3 else [] for i in r], pa.map_(pa.utf8(), pa.int32())),
        ])
    return schema, [make(0, 4), make(4, 3)]


def case_legacy_format_v4():
    schema, batches = _legacy_schema_and_batches()
    return Case("legacy_format_v4", "Pre-0.15 IPC framing (use_legacy_format=True: no 0xFFFFFFFF "
                "continuation marker) with metadata version V4; primitives, nested, dictionary, "
                "union, decimal, temporal, map; two batches.", schema, batches,
                metadata_version=V4, use_legacy_format=True)


def case_metadata_v4():
    schema, batches = _legacy_schema_and_batches()
    return Case("metadata_v4", "Same content as legacy_format_v4 with current framing "
                "(continuation marker) but metadata_version=V4.", schema, batches,
                metadata_version=V4)


def case_large_1000_rows():
    n = 1000
    rng = Rng(20260101)
    syllables = ["ka", "lo", "mi", "nu", "pe", "r\u00e9", "s\u00fc", "\u65e5", "ta", "vo"]

    def word():
        return "".join(syllables[rng.below(len(syllables))] for _ in range(rng.between(0, 4)))

    categories = pa.array(["cat%02d" % i for i in range(50)])
    schema = pa.schema([
        pa.field("id", pa.int64(), nullable=False),
        pa.field("value", pa.float64()),
        pa.field("word", pa.utf8()),
        pa.field("flag", pa.bool_()),
        pa.field("numbers", pa.list_(pa.int32())),
        pa.field("category", pa.dictionary(pa.int16(), pa.utf8())),
        pa.field("ts", pa.timestamp("us", tz="UTC")),
        pa.field("amount", pa.decimal128(12, 3)),
    ])
    ids = list(range(n))
    values = [None if rng.chance(10) else (rng.between(-10 ** 9, 10 ** 9)) / 1024.0 for _ in ids]
    words = [None if rng.chance(5) else word() for _ in ids]
    flags = [None if rng.chance(8) else rng.chance(50) for _ in ids]
    numbers = [None if rng.chance(7) else
               [rng.between(INT32_MIN, INT32_MAX) for _ in range(rng.below(5))] for _ in ids]
    cats = [None if rng.chance(4) else rng.below(50) for _ in ids]
    ts = [None if rng.chance(3) else 1700000000000000 + rng.between(0, 10 ** 12) for _ in ids]
    amounts = [None if rng.chance(6) else Decimal(rng.between(-10 ** 11, 10 ** 11)) / 1000
               for _ in ids]
    b = batch(schema, [
        pa.array(ids, pa.int64()), pa.array(values, pa.float64()), pa.array(words, pa.utf8()),
        pa.array(flags, pa.bool_()), pa.array(numbers, pa.list_(pa.int32())),
        dict_array(cats, pa.int16(), categories),
        pa.array(ts, pa.timestamp("us", tz="UTC")), pa.array(amounts, pa.decimal128(12, 3)),
    ])
    return Case("large_1000_rows", "One 1000-row batch of pseudo-random (splitmix64, fixed "
                "seed) int64, float64, utf8, bool, list<int32>, dictionary<int16, utf8>, "
                "timestamp[us, UTC], decimal128(12, 3) with nulls.", schema, [b])


def case_duplicate_field_names():
    schema = pa.schema([
        pa.field("x", pa.int8()),
        pa.field("x", pa.utf8()),
        pa.field("", pa.int32()),
    ])
    b = batch(schema, [pa.array([1, None], pa.int8()), pa.array(["a", "b"]),
                       pa.array([None, 3], pa.int32())])
    return Case("duplicate_field_names", "Two top-level fields named 'x' and one with an "
                "empty name.", schema, [b])


CASE_BUILDERS = [
    case_null, case_bool, case_integers, case_floats, case_decimals, case_dates_times,
    case_timestamps, case_durations, case_intervals, case_binary_and_strings,
    case_binary_views, case_lists, case_list_views, case_structs, case_maps, case_unions,
    case_dictionaries, case_nested_dictionaries, case_dictionary_replacement,
    case_dictionary_delta, case_run_end_encoded, case_extension_types, case_custom_metadata,
    case_sliced_table, case_sliced_arrays, case_empty_table, case_zero_length_batches,
    case_multiple_batches, case_wide_table, case_legacy_format_v4, case_metadata_v4,
    case_large_1000_rows, case_duplicate_field_names,
]


# ---------------------------------------------------------------------------
# Writing IPC
# ---------------------------------------------------------------------------

def write_ipc(case, kind):
    sink = pa.BufferOutputStream()
    opener = pa.ipc.new_stream if kind == "stream" else pa.ipc.new_file
    with opener(sink, case.schema, options=case.write_options()) as writer:
        for b in case.batches:
            writer.write_batch(b)
    return sink.getvalue().to_pybytes()


# ---------------------------------------------------------------------------
# Minimal flatbuffers reader for the IPC metadata we need to look at
# (Message header type, DictionaryBatch id/isDelta, Schema field
# dictionary ids and custom_metadata).  See format/Message.fbs, Schema.fbs.
# ---------------------------------------------------------------------------

class FlatTable:
    def __init__(self, buf, pos):
        self.buf = buf
        self.pos = pos
        vtable = pos - struct.unpack_from("<i", buf, pos)[0]
        self.vtable = vtable
        self.vtable_size = struct.unpack_from("<H", buf, vtable)[0]

    @classmethod
    def root(cls, buf):
        return cls(buf, struct.unpack_from("<I", buf, 0)[0])

    def _field(self, index):
        entry = 4 + 2 * index
        if entry >= self.vtable_size:
            return None
        off = struct.unpack_from("<H", self.buf, self.vtable + entry)[0]
        return self.pos + off if off else None

    def scalar(self, index, fmt, default):
        p = self._field(index)
        return default if p is None else struct.unpack_from("<" + fmt, self.buf, p)[0]

    def table(self, index):
        p = self._field(index)
        if p is None:
            return None
        return FlatTable(self.buf, p + struct.unpack_from("<I", self.buf, p)[0])

    def _vector(self, index):
        p = self._field(index)
        if p is None:
            return None, 0
        v = p + struct.unpack_from("<I", self.buf, p)[0]
        return v + 4, struct.unpack_from("<I", self.buf, v)[0]

    def tables(self, index):
        start, n = self._vector(index)
        out = []
        for i in range(n):
            e = start + 4 * i
            out.append(FlatTable(self.buf, e + struct.unpack_from("<I", self.buf, e)[0]))
        return out

    def string(self, index):
        p = self._field(index)
        if p is None:
            return None
        s = p + struct.unpack_from("<I", self.buf, p)[0]
        n = struct.unpack_from("<I", self.buf, s)[0]
        return self.buf[s + 4:s + 4 + n].decode("utf-8")


HEADER_SCHEMA, HEADER_DICTIONARY, HEADER_RECORD_BATCH = 1, 2, 3


def _fb_key_values(table, index):
    return [(kv.string(0), kv.string(1)) for kv in table.tables(index)]


def _fb_field(f):
    enc = f.table(4)
    return {
        "name": f.string(0),
        "dictionary_id": None if enc is None else enc.scalar(0, "q", 0),
        "metadata": _fb_key_values(f, 6),
        "children": [_fb_field(c) for c in f.tables(5)],
    }


def read_stream_messages(data):
    """Parses every message of an IPC stream (either framing)."""
    reader = pa.ipc.MessageReader.open_stream(pa.py_buffer(data))
    messages = []
    while True:
        try:
            msg = reader.read_next_message()
        except StopIteration:
            break
        if msg is None:
            break
        root = FlatTable.root(msg.metadata.to_pybytes())
        header_type = root.scalar(1, "B", 0)
        header = root.table(2)
        version = {3: "V4", 4: "V5"}.get(root.scalar(0, "h", 0), "other")
        entry = {"version": version, "message": msg}
        if header_type == HEADER_SCHEMA:
            entry["type"] = "schema"
            entry["fields"] = [_fb_field(f) for f in header.tables(1)]
            entry["metadata"] = _fb_key_values(header, 2)
        elif header_type == HEADER_DICTIONARY:
            entry["type"] = "dictionary"
            entry["id"] = header.scalar(0, "q", 0)
            entry["isDelta"] = bool(header.scalar(2, "B", 0))
            entry["length"] = header.table(1).scalar(0, "q", 0)
        elif header_type == HEADER_RECORD_BATCH:
            entry["type"] = "record_batch"
            entry["length"] = header.scalar(0, "q", 0)
        else:
            raise ValueError("unexpected message header type %d" % header_type)
        messages.append(entry)
    return messages


def message_summary(messages):
    out = []
    for m in messages:
        if m["type"] == "schema":
            out.append({"type": "schema"})
        elif m["type"] == "dictionary":
            out.append({"type": "dictionary", "id": m["id"], "isDelta": m["isDelta"],
                        "length": m["length"]})
        else:
            out.append({"type": "record_batch", "length": m["length"]})
    return out


# ---------------------------------------------------------------------------
# pyarrow schema/arrays -> Arrow integration JSON
# ---------------------------------------------------------------------------

TIME_UNITS = {"s": "SECOND", "ms": "MILLISECOND", "us": "MICROSECOND", "ns": "NANOSECOND"}


def assign_dictionary_ids(schema):
    """Field path -> dictionary id, in the pre-order used by Arrow C++'s
    DictionaryFieldMapper (an outer dictionary gets a smaller id than the
    dictionaries nested in its value type)."""
    ids = {}

    def visit(path, t):
        if isinstance(t, pa.ExtensionType) or isinstance(t, pa.BaseExtensionType):
            t = t.storage_type
        if pa.types.is_dictionary(t):
            ids[path] = len(ids)
            t = t.value_type
        for i in range(t.num_fields):
            visit(path + (i,), t.field(i).type)

    for i, f in enumerate(schema):
        visit((i,), f.type)
    return ids


def is_extension(t):
    return isinstance(t, pa.BaseExtensionType)


def type_json(t):
    T = pa.types
    if is_month_interval(t):
        return OrderedDict([("name", "interval"), ("unit", "YEAR_MONTH")])
    if is_day_time_interval(t):
        return OrderedDict([("name", "interval"), ("unit", "DAY_TIME")])
    if T.is_null(t):
        return OrderedDict([("name", "null")])
    if T.is_boolean(t):
        return OrderedDict([("name", "bool")])
    if T.is_integer(t):
        return OrderedDict([("name", "int"), ("isSigned", T.is_signed_integer(t)),
                            ("bitWidth", t.bit_width)])
    if T.is_floating(t):
        precision = {16: "HALF", 32: "SINGLE", 64: "DOUBLE"}[t.bit_width]
        return OrderedDict([("name", "floatingpoint"), ("precision", precision)])
    if T.is_decimal(t):
        return OrderedDict([("name", "decimal"), ("precision", t.precision), ("scale", t.scale),
                            ("bitWidth", t.bit_width)])
    if T.is_date32(t):
        return OrderedDict([("name", "date"), ("unit", "DAY")])
    if T.is_date64(t):
        return OrderedDict([("name", "date"), ("unit", "MILLISECOND")])
    if T.is_time(t):
        return OrderedDict([("name", "time"), ("unit", TIME_UNITS[t.unit]),
                            ("bitWidth", t.bit_width)])
    if T.is_timestamp(t):
        out = OrderedDict([("name", "timestamp"), ("unit", TIME_UNITS[t.unit])])
        if t.tz:
            out["timezone"] = t.tz
        return out
    if T.is_duration(t):
        return OrderedDict([("name", "duration"), ("unit", TIME_UNITS[t.unit])])
    if t == pa.month_day_nano_interval():
        return OrderedDict([("name", "interval"), ("unit", "MONTH_DAY_NANO")])
    simple = [(T.is_string, "utf8"), (T.is_large_string, "largeutf8"),
              (T.is_binary, "binary"), (T.is_large_binary, "largebinary"),
              (T.is_string_view, "utf8view"), (T.is_binary_view, "binaryview"),
              (T.is_list, "list"), (T.is_large_list, "largelist"),
              (T.is_list_view, "listview"), (T.is_large_list_view, "largelistview"),
              (T.is_struct, "struct"), (T.is_run_end_encoded, "runendencoded")]
    for pred, name in simple:
        if pred(t):
            return OrderedDict([("name", name)])
    if T.is_fixed_size_binary(t):
        return OrderedDict([("name", "fixedsizebinary"), ("byteWidth", t.byte_width)])
    if T.is_fixed_size_list(t):
        return OrderedDict([("name", "fixedsizelist"), ("listSize", t.list_size)])
    if T.is_map(t):
        return OrderedDict([("name", "map"), ("keysSorted", t.keys_sorted)])
    if T.is_union(t):
        return OrderedDict([("name", "union"), ("mode", t.mode.upper()),
                            ("typeIds", list(t.type_codes))])
    raise NotImplementedError("no JSON type for %s" % t)


def metadata_json(pairs):
    return [OrderedDict([("key", k), ("value", v)]) for k, v in pairs]


def _decode_kv(metadata):
    if not metadata:
        return []
    return [(k.decode("utf-8"), v.decode("utf-8")) for k, v in metadata.items()]


def field_json(field, path, dict_ids, wire_field):
    """wire_field: the same field as parsed from the IPC schema message (used to
    take the serialized extension metadata exactly as written)."""
    t = field.type
    extra = []
    if is_extension(t):
        wire_meta = dict(wire_field["metadata"])
        extra = [("ARROW:extension:name", t.extension_name),
                 ("ARROW:extension:metadata", wire_meta["ARROW:extension:metadata"])]
        assert wire_meta["ARROW:extension:name"] == t.extension_name
        t = t.storage_type
    out = OrderedDict()
    out["name"] = field.name
    dictionary = None
    if pa.types.is_dictionary(t):
        dictionary = OrderedDict([("id", dict_ids[path]), ("indexType", type_json(t.index_type)),
                                  ("isOrdered", t.ordered)])
        assert wire_field["dictionary_id"] == dict_ids[path], (field, wire_field)
        t = t.value_type
    out["type"] = type_json(t)
    out["nullable"] = field.nullable
    out["children"] = [field_json(t.field(i), path + (i,), dict_ids, wire_field["children"][i])
                       for i in range(t.num_fields)]
    if dictionary is not None:
        out["dictionary"] = dictionary
    meta = _decode_kv(field.metadata) + extra
    if extra:
        # Keep the pairs in the order they are on the wire (Arrow C++ writes an
        # extension type's own keys after the field's), so a reader that keeps
        # metadata order rebuilds the same bytes.
        assert sorted(meta) == sorted(wire_field["metadata"]), (meta, wire_field["metadata"])
        meta = list(wire_field["metadata"])
    if meta:
        out["metadata"] = metadata_json(meta)
    return out


def schema_json(schema, dict_ids, wire_schema):
    out = OrderedDict()
    out["fields"] = [field_json(f, (i,), dict_ids, wire_schema["fields"][i])
                     for i, f in enumerate(schema)]
    meta = _decode_kv(schema.metadata)
    if meta:
        out["metadata"] = metadata_json(meta)
    return out


def _bits(buf, offset, n):
    if n == 0:
        return []
    raw = np.frombuffer(buf, dtype=np.uint8)
    bits = np.unpackbits(raw, bitorder="little")[offset:offset + n]
    assert len(bits) == n
    return [int(b) for b in bits]


def _validity(arr):
    n = len(arr)
    buf = arr.buffers()[0]
    if arr.null_count == 0 or buf is None:
        return [1] * n
    return _bits(buf, arr.offset, n)


def _values(arr, dtype, buffer_index=1, extra=0):
    """The array's logical slice (plus `extra` trailing values) of a
    fixed-width buffer as a numpy array."""
    n = len(arr) + extra
    dtype = np.dtype(dtype)
    if n == 0:
        return np.zeros(0, dtype=dtype)
    buf = arr.buffers()[buffer_index]
    start = arr.offset * dtype.itemsize
    view = memoryview(buf)[start:start + n * dtype.itemsize]
    assert len(view) == n * dtype.itemsize, "buffer too short"
    return np.frombuffer(view, dtype=dtype)


def _float_json(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def _int_list(values, bit_width):
    # 64-bit integers are written as JSON strings (integration JSON convention)
    if bit_width == 64:
        return [str(int(v)) for v in values]
    return [int(v) for v in values]


INT_DTYPES = {(8, True): "<i1", (16, True): "<i2", (32, True): "<i4", (64, True): "<i8",
              (8, False): "<u1", (16, False): "<u2", (32, False): "<u4", (64, False): "<u8"}


def _fixed_width_data(ltype, arr, valid):
    """DATA for fixed-width primitive types. Null slots are written as zero
    (false / "0" / zero object), like Arrow C++'s JSON writer."""
    T = pa.types
    n = len(arr)
    if is_month_interval(ltype):
        vals = _values(arr, "<i4")
        return [int(v) if ok else 0 for v, ok in zip(vals, valid)]
    if is_day_time_interval(ltype):
        vals = _values(arr, "<i4,<i4") if n else []
        return [OrderedDict([("days", int(v[0]) if ok else 0),
                             ("milliseconds", int(v[1]) if ok else 0)])
                for v, ok in zip(vals, valid)]
    if T.is_boolean(ltype):
        if n == 0:
            return []
        bits = _bits(arr.buffers()[1], arr.offset, n)
        return [bool(b) if ok else False for b, ok in zip(bits, valid)]
    if T.is_integer(ltype):
        vals = _values(arr, INT_DTYPES[(ltype.bit_width, T.is_signed_integer(ltype))])
        return _int_list([v if ok else 0 for v, ok in zip(vals, valid)], ltype.bit_width)
    if T.is_float16(ltype):
        # Arrow C++ writes half floats as their raw uint16 bit pattern.
        vals = _values(arr, "<u2")
        return [int(v) if ok else 0 for v, ok in zip(vals, valid)]
    if T.is_floating(ltype):
        vals = _values(arr, "<f4" if ltype.bit_width == 32 else "<f8")
        return [_float_json(v) if ok else 0 for v, ok in zip(vals, valid)]
    if T.is_decimal(ltype):
        width = ltype.bit_width // 8
        out = []
        if n:
            raw = arr.buffers()[1].to_pybytes()
            for i, ok in enumerate(valid):
                start = (arr.offset + i) * width
                out.append(str(int.from_bytes(raw[start:start + width], "little", signed=True))
                           if ok else "0")
        return out
    if T.is_date32(ltype) or (T.is_time(ltype) and ltype.bit_width == 32):
        vals = _values(arr, "<i4")
        return [int(v) if ok else 0 for v, ok in zip(vals, valid)]
    if T.is_date64(ltype) or T.is_time(ltype) or T.is_timestamp(ltype) or T.is_duration(ltype):
        vals = _values(arr, "<i8")
        return [str(int(v)) if ok else "0" for v, ok in zip(vals, valid)]
    if ltype == pa.month_day_nano_interval():
        vals = _values(arr, "<i4,<i4,<i8") if n else []
        return [OrderedDict([("months", int(v[0]) if ok else 0), ("days", int(v[1]) if ok else 0),
                             ("nanoseconds", int(v[2]) if ok else 0)])
                for v, ok in zip(vals, valid)]
    raise NotImplementedError(str(ltype))


def _column(name, count):
    out = OrderedDict()
    out["name"] = name
    out["count"] = count
    return out


def _children_json(out, fields, arrays):
    # Like Arrow C++: no "children" member when the type has no child fields.
    if fields:
        out["children"] = [column_json(f.name, f.type, a) for f, a in zip(fields, arrays)]


def column_json(name, ltype, arr):
    """Integration-JSON FieldData for `arr`.  `ltype` is the logical type
    (differs from arr.type only for the interval stand-ins).  Offsets and
    children describe the array's logical slice, rebased the way Arrow C++'s
    IPC writer rebases them, so the JSON matches the IPC body."""
    T = pa.types
    n = len(arr)
    if is_extension(ltype):
        return column_json(name, ltype.storage_type, arr.storage)
    if T.is_dictionary(ltype):
        return column_json(name, ltype.index_type, arr.indices)
    out = _column(name, n)
    if T.is_null(ltype):
        return out
    if T.is_union(ltype):
        type_ids = _values(arr, "<i1", 1)
        out["TYPE_ID"] = [int(v) for v in type_ids]
        fields = [ltype.field(i) for i in range(ltype.num_fields)]
        if ltype.mode == "sparse":
            children = [arr.field(i) for i in range(ltype.num_fields)]
        else:
            offsets = [int(v) for v in _values(arr, "<i4", 2)]
            children = [arr.field(i) for i in range(ltype.num_fields)]
            if arr.offset != 0:
                # Same rebasing as the C++ IPC writer (DenseUnionArray, offset != 0).
                first, length = {}, {}
                rebased = []
                for code, off in zip(type_ids, offsets):
                    code = int(code)
                    if code not in first:
                        first[code] = off
                    rel = off - first[code]
                    rebased.append(rel)
                    length[code] = max(length.get(code, 0), rel + 1)
                offsets = rebased
                new_children = []
                for i, child in enumerate(children):
                    code = ltype.type_codes[i]
                    c_off, c_len = first.get(code, -1), length.get(code, 0)
                    if c_off > 0:
                        child = child.slice(c_off, c_len)
                    elif c_len < len(child):
                        child = child.slice(0, c_len)
                    new_children.append(child)
                children = new_children
            out["OFFSET"] = offsets
        _children_json(out, fields, children)
        return out
    if T.is_run_end_encoded(ltype):
        p_off = arr.find_physical_offset()
        p_len = arr.find_physical_length()
        run_ends_raw = arr.run_ends.slice(p_off, p_len)
        ends = [min(max(int(e) - arr.offset, 0), n) for e in run_ends_raw.to_pylist()]
        run_ends = pa.array(ends, ltype.run_end_type)
        values = arr.values.slice(p_off, p_len)
        _children_json(out, [ltype.field(0), ltype.field(1)], [run_ends, values])
        return out

    valid = _validity(arr)
    out["VALIDITY"] = valid
    if (T.is_string(ltype) or T.is_binary(ltype) or T.is_large_string(ltype)
            or T.is_large_binary(ltype)):
        large = T.is_large_string(ltype) or T.is_large_binary(ltype)
        offs = [int(v) for v in _values_offsets(arr, large)]
        base = offs[0]
        out["OFFSET"] = _int_list([o - base for o in offs], 64 if large else 32)
        data = arr.buffers()[2].to_pybytes() if n else b""
        items = [data[offs[i]:offs[i + 1]] for i in range(n)]
        if T.is_string(ltype) or T.is_large_string(ltype):
            out["DATA"] = [v.decode("utf-8") for v in items]
        else:
            out["DATA"] = [v.hex().upper() for v in items]
        return out
    if T.is_fixed_size_binary(ltype):
        w = ltype.byte_width
        data = arr.buffers()[1].to_pybytes() if n else b""
        out["DATA"] = [data[(arr.offset + i) * w:(arr.offset + i + 1) * w].hex().upper()
                       for i in range(n)]
        return out
    if T.is_string_view(ltype) or T.is_binary_view(ltype):
        bufs = arr.buffers()
        views_raw = bufs[1].to_pybytes() if n else b""
        views = []
        for i in range(n):
            v = views_raw[(arr.offset + i) * 16:(arr.offset + i + 1) * 16]
            size = struct.unpack_from("<i", v, 0)[0]
            view = OrderedDict([("SIZE", size)])
            if size <= 12:
                inline = v[4:4 + size]
                view["INLINED"] = (inline.decode("utf-8") if T.is_string_view(ltype)
                                   else inline.hex().upper())
            else:
                view["PREFIX_HEX"] = v[4:8].hex().upper()
                view["BUFFER_INDEX"] = struct.unpack_from("<i", v, 8)[0]
                view["OFFSET"] = struct.unpack_from("<i", v, 12)[0]
            views.append(view)
        out["VIEWS"] = views
        out["VARIADIC_DATA_BUFFERS"] = [b.to_pybytes().hex().upper() for b in bufs[2:]]
        return out
    if T.is_list(ltype) or T.is_large_list(ltype) or T.is_map(ltype):
        large = T.is_large_list(ltype)
        offs = [int(v) for v in _values_offsets(arr, large)]
        base = offs[0]
        out["OFFSET"] = _int_list([o - base for o in offs], 64 if large else 32)
        child = arr.values.slice(base, offs[-1] - base)
        _children_json(out, [ltype.field(0)], [child])
        return out
    if T.is_list_view(ltype) or T.is_large_list_view(ltype):
        large = T.is_large_list_view(ltype)
        dt = "<i8" if large else "<i4"
        offs = [int(v) for v in _values(arr, dt, 1)]
        sizes = [int(v) for v in _values(arr, dt, 2)]
        child = arr.values
        if arr.offset != 0:
            # Same as the C++ IPC writer (GetZeroBasedListViewOffsets + Slice).
            lo = min(offs) if n else 0
            hi = max([o + s for o, s in zip(offs, sizes)]) if n else 0
            offs = [o - lo for o in offs]
            if lo != 0 or hi < len(child):
                child = child.slice(lo, hi)
        out["OFFSET"] = _int_list(offs, 64 if large else 32)
        out["SIZE"] = _int_list(sizes, 64 if large else 32)
        _children_json(out, [ltype.field(0)], [child])
        return out
    if T.is_fixed_size_list(ltype):
        size = ltype.list_size
        child = arr.values.slice(arr.offset * size, n * size)
        _children_json(out, [ltype.field(0)], [child])
        return out
    if T.is_struct(ltype):
        _children_json(out, [ltype.field(i) for i in range(ltype.num_fields)],
                       [arr.field(i) for i in range(ltype.num_fields)])
        return out
    out["DATA"] = _fixed_width_data(ltype, arr, valid)
    return out


def _values_offsets(arr, large):
    if len(arr) == 0:
        buf = arr.buffers()[1]
        if buf is None or buf.size == 0:
            return [0]  # zero-length arrays may have no offsets buffer at all
    return _values(arr, "<i8" if large else "<i4", 1, extra=1)


def collect_dictionaries(schema, dict_ids, columns):
    """id -> dictionary array for one batch (columns: list of arrays)."""
    found = {}

    def visit(path, t, arr):
        if is_extension(t):
            t, arr = t.storage_type, arr.storage
        if pa.types.is_dictionary(t):
            did = dict_ids[path]
            d = arr.dictionary
            if did in found:
                assert found[did].equals(d) or found[did] is d
            else:
                found[did] = d
            # nested dictionaries live in the dictionary values
            visit_children(path, t.value_type, d)
            return
        visit_children(path, t, arr)

    def visit_children(path, t, arr):
        T = pa.types
        if t.num_fields == 0:
            return
        if T.is_struct(t):
            kids = [arr.field(i) for i in range(t.num_fields)]
        elif T.is_union(t):
            kids = [arr.field(i) for i in range(t.num_fields)]
        elif T.is_run_end_encoded(t):
            kids = [arr.run_ends, arr.values]
        else:  # list-like, map
            kids = [arr.values]
        for i, k in enumerate(kids):
            visit(path + (i,), t.field(i).type, k)

    for i, f in enumerate(schema):
        if has_dictionary(f.type):
            visit((i,), f.type, columns[i])
    return found


def has_dictionary(t):
    if is_extension(t):
        t = t.storage_type
    if pa.types.is_dictionary(t):
        return True
    return any(has_dictionary(t.field(i).type) for i in range(t.num_fields))


def value_type_for_id(schema, dict_ids, did):
    path = [p for p, i in dict_ids.items() if i == did][0]
    t = schema.field(path[0]).type
    for step in path[1:]:
        if is_extension(t):
            t = t.storage_type
        if pa.types.is_dictionary(t):
            t = t.value_type
        t = t.field(step).type
    if is_extension(t):
        t = t.storage_type
    return t.value_type


def dictionary_entry_json(did, value_type, dictionary):
    data = OrderedDict()
    data["count"] = len(dictionary)
    data["columns"] = [column_json("DICT%d" % did, value_type, dictionary)]
    return OrderedDict([("id", did), ("data", data)])


def read_stream_batches(data, schema):
    """Batches as read back from the stream bytes; for schemas pyarrow cannot
    wrap (intervals), the record batch messages are read with the physical
    stand-in schema.  Returns (batches, per_batch_columns)."""
    if needs_physical(schema):
        phys_schema = physical_schema_for(schema)
        batches = []
        for m in read_stream_messages(data):
            if m["type"] == "record_batch":
                batches.append(pa.ipc.read_record_batch(m["message"], phys_schema))
            assert m["type"] != "dictionary"
        return batches
    reader = pa.ipc.open_stream(pa.py_buffer(data))
    batches = []
    while True:
        try:
            batches.append(reader.read_next_batch())
        except StopIteration:
            break
    return batches


def build_json(schema, stream_bytes):
    """The integration JSON document for a stream (as written by pyarrow)."""
    messages = read_stream_messages(stream_bytes)
    wire_schema = messages[0]
    assert wire_schema["type"] == "schema"
    dict_ids = assign_dictionary_ids(schema)
    batches = read_stream_batches(stream_bytes, schema)

    doc = OrderedDict()
    doc["schema"] = schema_json(schema, dict_ids, wire_schema)

    if dict_ids:
        per_batch = [collect_dictionaries(schema, dict_ids, b.columns) for b in batches]
        dict_messages = [m for m in messages if m["type"] == "dictionary"]
        ids_written = [m["id"] for m in dict_messages]
        entries = []
        if len(ids_written) == len(set(ids_written)):
            # Standard shape: one dictionary per id, all before the first batch.
            for did in sorted(set(ids_written)):
                d = per_batch[0][did]
                for other in per_batch[1:]:
                    assert other[did].equals(d)
                entries.append(dictionary_entry_json(did, value_type_for_id(schema, dict_ids, did),
                                                     d))
        else:
            # Replacement / delta dictionaries: one entry per dictionary
            # message, in stream order, with two extra members:
            #   "isDelta": the message's isDelta flag,
            #   "beforeBatch": index of the record batch that follows it.
            # For a delta the entry holds only the appended values.
            state = {}
            batch_index = 0
            for m in messages[1:]:
                if m["type"] == "record_batch":
                    batch_index += 1
                    continue
                did = m["id"]
                full = per_batch[batch_index][did]
                if m["isDelta"]:
                    prev = state[did]
                    assert full.slice(0, len(prev)).equals(prev)
                    content = full.slice(len(prev))
                else:
                    content = full
                state[did] = full
                assert len(content) == m["length"]
                e = dictionary_entry_json(did, value_type_for_id(schema, dict_ids, did), content)
                e["isDelta"] = m["isDelta"]
                e["beforeBatch"] = batch_index
                entries.append(e)
        doc["dictionaries"] = entries

    out_batches = []
    for b in batches:
        bj = OrderedDict()
        bj["count"] = b.num_rows
        bj["columns"] = [column_json(f.name, f.type, b.column(i)) for i, f in enumerate(schema)]
        out_batches.append(bj)
    doc["batches"] = out_batches
    return doc, messages, dict_ids


# ---------------------------------------------------------------------------
# Deterministic, readable JSON text: objects are indented, arrays of scalars
# and "leaf" objects (only scalar members) are kept on one line each.
# Non-finite floats are strings ("NaN", "Infinity", "-Infinity"), so the
# output is strict JSON.
# ---------------------------------------------------------------------------

def _scalar(v):
    return json.dumps(v, ensure_ascii=False, allow_nan=False)


def _is_scalar(v):
    return not isinstance(v, (dict, list))


def _is_leaf(v):
    return isinstance(v, dict) and all(_is_scalar(x) for x in v.values())


def _leaf(v):
    return "{" + ", ".join("%s: %s" % (_scalar(k), _scalar(x)) for k, x in v.items()) + "}"


def dump_json(v, indent=0):
    pad = "  " * indent
    inner = "  " * (indent + 1)
    if _is_scalar(v):
        return _scalar(v)
    if isinstance(v, dict):
        if not v:
            return "{}"
        if _is_leaf(v) and len(v) <= 4 and indent > 0:
            return _leaf(v)
        items = ["%s%s: %s" % (inner, _scalar(k), dump_json(x, indent + 1)) for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if not v:
        return "[]"
    if all(_is_scalar(x) for x in v):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    items = [inner + dump_json(x, indent + 1) for x in v]
    return "[\n" + ",\n".join(items) + "\n" + pad + "]"


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------

def sha256(data):
    return hashlib.sha256(data).hexdigest()


def parents_json(case):
    """NAME.parents.json for a case whose batches hold slices: for each sliced
    column, the integration JSON of the whole parent array (a one-column stream
    written by pyarrow, converted like the fixtures) and the slice's offset and
    length. Rebuilding parent.slice(offset, length) gives the arrays pyarrow
    wrote, including the parent bytes Arrow C++ writes past a slice."""
    if not case.parents:
        return None
    slices = []
    for b, (batch_parents, rb) in enumerate(zip(case.parents, case.batches)):
        for c, entry in enumerate(batch_parents):
            if entry is None:
                continue
            parent, offset = entry
            field = case.schema.field(c)
            schema = pa.schema([pa.field(field.name, parent.type, field.nullable, field.metadata)])
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, schema) as w:
                w.write_batch(pa.record_batch([parent], schema=schema))
            parent_doc, _, _ = build_json(schema, sink.getvalue().to_pybytes())
            slices.append(OrderedDict([("batch", b), ("column", c), ("offset", offset),
                                       ("length", rb.num_rows), ("parent", parent_doc)]))
    doc = OrderedDict([("description", "Columns that are slices of bigger arrays: rebuild the "
                                       "parent from its integration JSON, then slice it."),
                       ("slices", slices)])
    return (dump_json(doc) + "\n").encode("utf-8")


def generate(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    manifest_cases = []
    written = set()
    for builder in CASE_BUILDERS:
        case = builder()
        for b in case.batches:
            assert b.schema.equals(case.schema, check_metadata=True), case.name
        stream_bytes = write_ipc(case, "stream")
        file_bytes, file_error = None, None
        try:
            file_bytes = write_ipc(case, "file")
        except pa.ArrowInvalid as e:
            file_error = str(e)
        doc, messages, _ = build_json(case.schema, stream_bytes)
        json_text = (dump_json(doc) + "\n").encode("utf-8")
        parents_text = parents_json(case)

        files = OrderedDict()
        outputs = [("stream", case.name + ".stream", stream_bytes),
                   ("file", case.name + ".arrow_file", file_bytes),
                   ("json", case.name + ".json", json_text),
                   ("parents", case.name + ".parents.json", parents_text)]
        for kind, fname, data in outputs:
            if data is None:
                files[kind] = None
                continue
            with open(os.path.join(out_dir, fname), "wb") as fh:
                fh.write(data)
            written.add(fname)
            files[kind] = OrderedDict([("path", fname), ("size", len(data)),
                                       ("sha256", sha256(data))])

        entry = OrderedDict()
        entry["name"] = case.name
        entry["description"] = case.description
        entry["files"] = files
        if parents_text is None:
            del files["parents"]
        if file_error is not None:
            entry["file_omitted_reason"] = "pyarrow %s refused to write the IPC file format: %s" % (
                pa.__version__, file_error)
        entry["writer_options"] = OrderedDict([
            ("metadata_version", case.metadata_version),
            ("use_legacy_format", case.use_legacy_format),
            ("compression", "none"),
            ("emit_dictionary_deltas", case.emit_dictionary_deltas),
        ])
        entry["num_batches"] = len(case.batches)
        entry["num_rows"] = sum(b.num_rows for b in case.batches)
        entry["batch_rows"] = [b.num_rows for b in case.batches]
        entry["fields"] = [OrderedDict([("name", f.name), ("type", str(f.type)),
                                        ("nullable", f.nullable)]) for f in case.schema]
        entry["stream_messages"] = message_summary(messages)
        if case.notes:
            entry["notes"] = case.notes
        manifest_cases.append(entry)

    manifest = OrderedDict()
    manifest["generator"] = "Fixtures/generate.py"
    manifest["pyarrow_version"] = pa.__version__
    manifest["json_format"] = (
        "Apache Arrow integration JSON (docs/source/format/Integration.rst), conventions of "
        "arrow-testing data/arrow-ipc-stream/integration/cpp-21.0.0; see Fixtures/README.md")
    manifest["cases"] = manifest_cases
    with open(os.path.join(out_dir, "manifest.json"), "wb") as fh:
        fh.write((dump_json(manifest) + "\n").encode("utf-8"))
    written.add("manifest.json")

    stale = sorted(set(os.listdir(out_dir)) - written)
    for fname in stale:
        os.remove(os.path.join(out_dir, fname))
    return manifest


# ---------------------------------------------------------------------------
# Self-check (--check): everything below only reads the generated files.
# ---------------------------------------------------------------------------

class CheckFailure(Exception):
    pass


def _require(cond, msg):
    if not cond:
        raise CheckFailure(msg)


def _bitmap(bits):
    out = bytearray((len(bits) + 7) // 8)
    for i, b in enumerate(bits):
        if b:
            out[i // 8] |= 1 << (i % 8)
    return pa.py_buffer(bytes(out))


TIME_UNITS_INV = {v: k for k, v in TIME_UNITS.items()}


def type_from_json(tj, children):
    name = tj["name"]
    if name == "null":
        return pa.null()
    if name == "bool":
        return pa.bool_()
    if name == "int":
        return {(8, True): pa.int8(), (16, True): pa.int16(), (32, True): pa.int32(),
                (64, True): pa.int64(), (8, False): pa.uint8(), (16, False): pa.uint16(),
                (32, False): pa.uint32(), (64, False): pa.uint64()}[(tj["bitWidth"],
                                                                     tj["isSigned"])]
    if name == "floatingpoint":
        return {"HALF": pa.float16(), "SINGLE": pa.float32(), "DOUBLE": pa.float64()}[
            tj["precision"]]
    if name == "decimal":
        ctor = {32: pa.decimal32, 64: pa.decimal64, 128: pa.decimal128, 256: pa.decimal256}[
            tj.get("bitWidth", 128)]
        return ctor(tj["precision"], tj["scale"])
    if name == "date":
        return pa.date32() if tj["unit"] == "DAY" else pa.date64()
    if name == "time":
        unit = TIME_UNITS_INV[tj["unit"]]
        return pa.time32(unit) if tj["bitWidth"] == 32 else pa.time64(unit)
    if name == "timestamp":
        return pa.timestamp(TIME_UNITS_INV[tj["unit"]], tz=tj.get("timezone"))
    if name == "duration":
        return pa.duration(TIME_UNITS_INV[tj["unit"]])
    if name == "interval":
        return {"YEAR_MONTH": MONTH_INTERVAL, "DAY_TIME": DAY_TIME_INTERVAL,
                "MONTH_DAY_NANO": pa.month_day_nano_interval()}[tj["unit"]]
    simple = {"utf8": pa.utf8(), "largeutf8": pa.large_utf8(), "binary": pa.binary(),
              "largebinary": pa.large_binary(), "utf8view": pa.string_view(),
              "binaryview": pa.binary_view()}
    if name in simple:
        return simple[name]
    if name == "fixedsizebinary":
        return pa.binary(tj["byteWidth"])
    if name == "list":
        return pa.list_(children[0])
    if name == "largelist":
        return pa.large_list(children[0])
    if name == "listview":
        return pa.list_view(children[0])
    if name == "largelistview":
        return pa.large_list_view(children[0])
    if name == "fixedsizelist":
        return pa.list_(children[0], tj["listSize"])
    if name == "struct":
        return pa.struct(children)
    if name == "map":
        entries = children[0].type
        return pa.map_(entries.field(0), entries.field(1), keys_sorted=tj["keysSorted"])
    if name == "union":
        ctor = pa.sparse_union if tj["mode"] == "SPARSE" else pa.dense_union
        return ctor(children, type_codes=tj["typeIds"])
    if name == "runendencoded":
        return pa.run_end_encoded(children[0].type, children[1].type)
    raise NotImplementedError(name)


def _extension_from_json(name, serialized, storage):
    if name == "arrowipc.uuid":
        return ArrowIpcUuidType.__arrow_ext_deserialize__(storage, serialized.encode())
    if name == "arrowipc.labeled":
        return ArrowIpcLabeledType.__arrow_ext_deserialize__(storage, serialized.encode())
    if name == "arrow.uuid":
        return pa.uuid()
    if name == "arrow.json":
        return pa.json_(storage)
    if name == "arrow.bool8":
        return pa.bool8()
    raise NotImplementedError(name)


def field_from_json(fj):
    children = [field_from_json(c) for c in fj["children"]]
    t = type_from_json(fj["type"], children)
    if "dictionary" in fj:
        d = fj["dictionary"]
        t = pa.dictionary(type_from_json(d["indexType"], []), t, ordered=d["isOrdered"])
    meta = [(m["key"], m["value"]) for m in (fj.get("metadata") or [])]
    md = OrderedDict(meta)
    if "ARROW:extension:name" in md:
        t = _extension_from_json(md.pop("ARROW:extension:name"),
                                 md.pop("ARROW:extension:metadata", ""), t)
    return pa.field(fj["name"], t, nullable=fj["nullable"], metadata=md or None)


def _parse_float(v):
    if isinstance(v, str):
        return {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}[v]
    return float(v)


def array_from_json(fj, cj, dicts, physical=False):
    """Rebuilds an array from integration JSON (fj: Field JSON, cj: FieldData)."""
    field = field_from_json(fj)
    return _array_from_json(field.type, fj, cj, dicts, physical)


def _array_from_json(t, fj, cj, dicts, physical):
    T = pa.types
    n = cj["count"]
    if is_extension(t):
        storage = _array_from_json(t.storage_type, fj, cj, dicts, physical)
        return pa.ExtensionArray.from_storage(t, storage)
    if T.is_dictionary(t):
        indices = _array_from_json(t.index_type, fj, cj, dicts, physical)
        return pa.DictionaryArray.from_arrays(indices, dicts[fj["dictionary"]["id"]],
                                              ordered=t.ordered)
    if T.is_null(t):
        return pa.nulls(n)

    def kids(fields):
        return [_array_from_json(f.type, cfj, ccj, dicts, physical)
                for f, cfj, ccj in zip(fields, fj["children"], cj.get("children", []))]

    if T.is_union(t):
        fields = [t.field(i) for i in range(t.num_fields)]
        _require("VALIDITY" not in cj, "unions have no VALIDITY")
        _require(len(cj["TYPE_ID"]) == n, "TYPE_ID length")
        bufs = [None, pa.py_buffer(np.array(cj["TYPE_ID"], dtype="<i1").tobytes())]
        if t.mode == "dense":
            _require(len(cj["OFFSET"]) == n, "OFFSET length")
            bufs.append(pa.py_buffer(np.array(cj["OFFSET"], dtype="<i4").tobytes()))
        else:
            _require("OFFSET" not in cj, "sparse unions have no OFFSET")
        return pa.Array.from_buffers(t, n, bufs, children=kids(fields))
    if T.is_run_end_encoded(t):
        return pa.Array.from_buffers(t, n, [None], children=kids([t.field(0), t.field(1)]))

    valid = cj["VALIDITY"]
    _require(len(valid) == n, "VALIDITY length")
    null_count = n - sum(valid)
    vbuf = _bitmap(valid) if null_count else None

    def ints(key, dtype, expected_len=n):
        values = cj[key]
        _require(len(values) == expected_len, "%s length %d != %d" % (key, len(values),
                                                                     expected_len))
        if np.dtype(dtype).itemsize == 8:
            _require(all(isinstance(x, str) for x in values), "64-bit %s must be strings" % key)
        else:
            _require(all(isinstance(x, int) for x in values), "%s must be numbers" % key)
        return pa.py_buffer(np.array([int(x) for x in values], dtype=dtype).tobytes())

    if T.is_string(t) or T.is_binary(t) or T.is_large_string(t) or T.is_large_binary(t):
        large = T.is_large_string(t) or T.is_large_binary(t)
        if T.is_string(t) or T.is_large_string(t):
            data = b"".join(s.encode("utf-8") for s in cj["DATA"])
        else:
            data = b"".join(bytes.fromhex(s) for s in cj["DATA"])
        return pa.Array.from_buffers(t, n, [vbuf, ints("OFFSET", "<i8" if large else "<i4", n + 1),
                                            pa.py_buffer(data)], null_count=null_count)
    if T.is_fixed_size_binary(t):
        _require(len(cj["DATA"]) == n and all(len(s) == 2 * t.byte_width for s in cj["DATA"]),
                 "fixed_size_binary DATA")
        data = b"".join(bytes.fromhex(s) for s in cj["DATA"])
        return pa.Array.from_buffers(t, n, [vbuf, pa.py_buffer(data)], null_count=null_count)
    if T.is_string_view(t) or T.is_binary_view(t):
        views = bytearray()
        _require(len(cj["VIEWS"]) == n, "VIEWS length")
        for v in cj["VIEWS"]:
            if "INLINED" in v:
                raw = (v["INLINED"].encode("utf-8") if T.is_string_view(t)
                       else bytes.fromhex(v["INLINED"]))
                _require(len(raw) == v["SIZE"], "INLINED size")
                views += struct.pack("<i", v["SIZE"]) + raw.ljust(12, b"\x00")
            else:
                views += struct.pack("<i4sii", v["SIZE"], bytes.fromhex(v["PREFIX_HEX"]),
                                     v["BUFFER_INDEX"], v["OFFSET"])
        bufs = [vbuf, pa.py_buffer(bytes(views))] + [
            pa.py_buffer(bytes.fromhex(h)) for h in cj["VARIADIC_DATA_BUFFERS"]]
        return pa.Array.from_buffers(t, n, bufs, null_count=null_count)
    if T.is_list(t) or T.is_large_list(t) or T.is_map(t):
        large = T.is_large_list(t)
        return pa.Array.from_buffers(t, n, [vbuf, ints("OFFSET", "<i8" if large else "<i4", n + 1)],
                                     null_count=null_count, children=kids([t.field(0)]))
    if T.is_list_view(t) or T.is_large_list_view(t):
        dt = "<i8" if T.is_large_list_view(t) else "<i4"
        return pa.Array.from_buffers(t, n, [vbuf, ints("OFFSET", dt), ints("SIZE", dt)],
                                     null_count=null_count, children=kids([t.field(0)]))
    if T.is_fixed_size_list(t):
        return pa.Array.from_buffers(t, n, [vbuf], null_count=null_count,
                                     children=kids([t.field(0)]))
    if T.is_struct(t):
        return pa.Array.from_buffers(t, n, [vbuf], null_count=null_count,
                                     children=kids([t.field(i) for i in range(t.num_fields)]))
    data = cj["DATA"]
    _require(len(data) == n, "DATA length")
    if is_month_interval(t) or is_day_time_interval(t):
        _require(physical, "interval types are only rebuilt physically")
        if is_month_interval(t):
            return pa.Array.from_buffers(pa.int32(), n, [vbuf, ints("DATA", "<i4")],
                                         null_count=null_count)
        raw = b"".join(struct.pack("<ii", d["days"], d["milliseconds"]) for d in data)
        return pa.Array.from_buffers(pa.int64(), n, [vbuf, pa.py_buffer(raw)],
                                     null_count=null_count)
    if T.is_boolean(t):
        return pa.Array.from_buffers(t, n, [vbuf, _bitmap([1 if x else 0 for x in data])],
                                     null_count=null_count)
    if T.is_integer(t):
        dt = INT_DTYPES[(t.bit_width, T.is_signed_integer(t))]
        if t.bit_width == 64:
            _require(all(isinstance(x, str) for x in data), "64-bit ints must be strings")
        return pa.Array.from_buffers(t, n, [vbuf, ints("DATA", dt)], null_count=null_count)
    if T.is_float16(t):
        return pa.Array.from_buffers(t, n, [vbuf, ints("DATA", "<u2")], null_count=null_count)
    if T.is_floating(t):
        dt = "<f4" if t.bit_width == 32 else "<f8"
        raw = np.array([_parse_float(x) for x in data], dtype=dt).tobytes()
        return pa.Array.from_buffers(t, n, [vbuf, pa.py_buffer(raw)], null_count=null_count)
    if T.is_decimal(t):
        w = t.bit_width // 8
        raw = b"".join(int(x).to_bytes(w, "little", signed=True) for x in data)
        return pa.Array.from_buffers(t, n, [vbuf, pa.py_buffer(raw)], null_count=null_count)
    if T.is_date32(t) or (T.is_time(t) and t.bit_width == 32):
        return pa.Array.from_buffers(t, n, [vbuf, ints("DATA", "<i4")], null_count=null_count)
    if T.is_date64(t) or T.is_time(t) or T.is_timestamp(t) or T.is_duration(t):
        _require(all(isinstance(x, str) for x in data), "64-bit temporal must be strings")
        return pa.Array.from_buffers(t, n, [vbuf, ints("DATA", "<i8")], null_count=null_count)
    if t == pa.month_day_nano_interval():
        raw = b"".join(struct.pack("<iiq", d["months"], d["days"], d["nanoseconds"])
                       for d in data)
        return pa.Array.from_buffers(t, n, [vbuf, pa.py_buffer(raw)], null_count=null_count)
    raise NotImplementedError(str(t))


def _pylist_equal(a, b):
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) and math.isnan(b):
            return True
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_pylist_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a.keys()) == list(b.keys()) and all(
            _pylist_equal(a[k], b[k]) for k in a)
    if isinstance(a, np.floating) or isinstance(b, np.floating):
        return _pylist_equal(float(a), float(b)) if a is not None and b is not None else a is b
    return a == b


def arrays_equal(a, b):
    if a.type != b.type:
        return False
    if a.equals(b):
        return True
    # Array.equals treats NaN != NaN; fall back to a NaN-aware comparison.
    return len(a) == len(b) and a.null_count == b.null_count and _pylist_equal(
        a.to_pylist(), b.to_pylist())


def _shape(arr):
    """Lengths of an array and of all its (physical) descendants."""
    t = arr.type
    T = pa.types
    if is_extension(t):
        return _shape(arr.storage)
    if T.is_dictionary(t):
        return ("dict", len(arr), _shape(arr.indices))
    if T.is_struct(t) or T.is_union(t):
        kids = [arr.field(i) for i in range(t.num_fields)]
    elif T.is_run_end_encoded(t):
        kids = [arr.run_ends, arr.values]
    elif (T.is_list(t) or T.is_large_list(t) or T.is_map(t) or T.is_list_view(t)
          or T.is_large_list_view(t) or T.is_fixed_size_list(t)):
        kids = [arr.values]
    else:
        kids = []
    return (len(arr), arr.offset, [_shape(k) for k in kids])


def batches_equal(a, b):
    if not a.schema.equals(b.schema, check_metadata=True):
        return False
    if a.num_rows != b.num_rows:
        return False
    if needs_physical(a.schema):
        # columns of these types cannot be wrapped in Python; compare in C++
        return a.equals(b, check_metadata=True)
    return all(arrays_equal(x, y) for x, y in zip(a.columns, b.columns))


def dictionary_states_from_json(doc):
    """Per-batch {id: dictionary array} rebuilt from the JSON dictionaries."""
    fields_by_id = {}

    def find(fj):
        if "dictionary" in fj:
            fields_by_id[fj["dictionary"]["id"]] = fj
        for c in fj["children"]:
            find(c)

    for fj in doc["schema"]["fields"]:
        find(fj)

    def value_field_json(did):
        fj = dict(fields_by_id[did])
        fj.pop("dictionary")
        fj["name"] = "DICT%d" % did
        fj["nullable"] = True
        fj.pop("metadata", None)
        return fj

    entries = doc.get("dictionaries", [])
    n_batches = len(doc["batches"])
    states = []
    state = {}
    cursor = 0
    for bi in range(max(n_batches, 1)):
        pending = [e for e in entries if e.get("beforeBatch", 0) == bi]
        # build in an order where nested (inner) dictionaries exist first
        remaining = list(pending)
        while remaining:
            progressed = False
            for e in list(remaining):
                try:
                    arr = array_from_json(value_field_json(e["id"]), e["data"]["columns"][0],
                                          state)
                except KeyError:
                    continue
                _require(len(arr) == e["data"]["count"], "dictionary count")
                if e.get("isDelta"):
                    arr = pa.concat_arrays([state[e["id"]], arr])
                state = dict(state)
                state[e["id"]] = arr
                remaining.remove(e)
                progressed = True
            _require(progressed, "unresolvable dictionary dependencies")
        cursor += len(pending)
        states.append(state)
    _require(cursor == len(entries), "dictionary entries with unexpected beforeBatch")
    return states


def check_case(entry, out_dir, readme_text):
    name = entry["name"]
    files = entry["files"]
    stream = open(os.path.join(out_dir, files["stream"]["path"]), "rb").read()
    doc = json.loads(open(os.path.join(out_dir, files["json"]["path"]), "rb").read())
    for kind in ("stream", "file", "json"):
        if files[kind] is not None:
            data = open(os.path.join(out_dir, files[kind]["path"]), "rb").read()
            _require(sha256(data) == files[kind]["sha256"], "%s sha256 mismatch" % kind)

    builder = {b.__name__[len("case_"):]: b for b in CASE_BUILDERS}[name]
    source = builder()

    # 1. The stream (and file) read back by pyarrow equal the source batches.
    messages = read_stream_messages(stream)
    _require(all(m["version"] == source.metadata_version for m in messages),
             "metadata version")
    _require((stream[:4] != b"\xff\xff\xff\xff") == source.use_legacy_format, "framing")
    reader = pa.ipc.open_stream(pa.py_buffer(stream))
    _require(reader.schema.equals(source.schema, check_metadata=True), "stream schema")
    read_back = list(reader)
    _require(len(read_back) == len(source.batches), "stream batch count")
    for got, want in zip(read_back, source.batches):
        _require(batches_equal(got, want), "stream batch differs from source")
    if files["file"] is not None:
        fr = pa.ipc.open_file(pa.py_buffer(open(os.path.join(out_dir, files["file"]["path"]),
                                                "rb").read()))
        _require(fr.schema.equals(source.schema, check_metadata=True), "file schema")
        _require(fr.num_record_batches == len(source.batches), "file batch count")
        for i, want in enumerate(source.batches):
            _require(batches_equal(fr.get_batch(i), want), "file batch %d differs" % i)

    # 2. The JSON schema rebuilds to exactly the stream's schema, the field
    #    metadata matches the IPC schema message, and the dictionary ids match.
    rebuilt_schema = pa.schema([field_from_json(fj) for fj in doc["schema"]["fields"]],
                               metadata=OrderedDict((m["key"], m["value"]) for m in
                                                    doc["schema"].get("metadata") or []) or None)
    _require(rebuilt_schema.equals(source.schema, check_metadata=True), "JSON schema")

    def cmp_wire(fjs, wires):
        _require(len(fjs) == len(wires), "wire children")
        for fj, w in zip(fjs, wires):
            _require(fj["name"] == w["name"], "wire name")
            got = [(m["key"], m["value"]) for m in fj.get("metadata") or []]
            _require(sorted(got) == sorted(w["metadata"]) and
                     [kv for kv in got if not kv[0].startswith("ARROW:extension:")] ==
                     [kv for kv in w["metadata"] if not kv[0].startswith("ARROW:extension:")],
                     "field metadata vs IPC for %s" % fj["name"])
            _require(fj.get("dictionary", {}).get("id") == w["dictionary_id"],
                     "dictionary id vs IPC for %s" % fj["name"])
            cmp_wire(fj["children"], w["children"])

    cmp_wire(doc["schema"]["fields"], messages[0]["fields"])
    _require([(m["key"], m["value"]) for m in doc["schema"].get("metadata") or []] ==
             messages[0]["metadata"], "schema metadata vs IPC")

    # 3. The JSON batches rebuild to arrays equal to what the stream holds
    #    (physically identical layout: lengths of every child, offsets, ...).
    _require(len(doc["batches"]) == len(read_back), "JSON batch count")
    physical = needs_physical(source.schema)
    stream_batches = read_stream_batches(stream, source.schema)
    states = dictionary_states_from_json(doc)
    for bi, (bj, got) in enumerate(zip(doc["batches"], stream_batches)):
        _require(bj["count"] == got.num_rows, "batch count")
        for fj, cj, col in zip(doc["schema"]["fields"], bj["columns"], got.columns):
            _require(cj["name"] == fj["name"], "column name")
            rebuilt = array_from_json(fj, cj, states[bi], physical=physical)
            rebuilt.validate(full=True)
            _require(arrays_equal(rebuilt, col), "batch %d column %s: JSON != stream"
                     % (bi, fj["name"]))
            _require(physical or _shape(rebuilt) == _shape(col),
                     "batch %d column %s: child lengths differ from the stream" % (bi, fj["name"]))

    # 4. The JSON file is exactly what the converter makes of the stream file.
    regenerated, _, _ = build_json(source.schema, stream)
    _require(json.loads(dump_json(regenerated)) == doc, "JSON is stale w.r.t. the stream")
    _require(open(os.path.join(out_dir, files["json"]["path"]), "rb").read() ==
             (dump_json(regenerated) + "\n").encode("utf-8"), "JSON text differs")
    if not physical:
        # 5. Converting the *source* batches (with their slice offsets) gives
        #    the same JSON as converting what the stream holds.
        for bi, (src, bj) in enumerate(zip(source.batches, doc["batches"])):
            again = [column_json(f.name, f.type, src.column(i))
                     for i, f in enumerate(source.schema)]
            _require(json.loads(dump_json(again)) == bj["columns"],
                     "batch %d: JSON of source arrays != JSON of stream arrays" % bi)

    # 6. Every case is documented in the README.
    _require("`%s`" % name in readme_text, "case %s missing from README.md" % name)


def run_checks(out_dir):
    manifest = json.loads(open(os.path.join(out_dir, "manifest.json"), "rb").read())
    readme_path = os.path.join(HERE, "README.md")
    readme_text = open(readme_path, encoding="utf-8").read() if os.path.exists(readme_path) else ""
    failures = 0
    names = [b.__name__[len("case_"):] for b in CASE_BUILDERS]
    _require([c["name"] for c in manifest["cases"]] == names, "manifest case list")
    for entry in manifest["cases"]:
        try:
            check_case(entry, out_dir, readme_text)
            print("ok    %s" % entry["name"])
        except Exception as e:  # noqa: BLE001 -- report every case, keep going
            failures += 1
            print("FAIL  %s: %s: %s" % (entry["name"], type(e).__name__, e))
    total = sum(os.path.getsize(os.path.join(out_dir, f)) for f in os.listdir(out_dir))
    print("%d cases, %d failures, %d files, %d bytes total"
          % (len(manifest["cases"]), failures, len(os.listdir(out_dir)), total))
    return failures == 0


def _gold_diff(path, g, m, fj, errors):
    """Compares a gold integration-JSON FieldData `g` with ours `m` (fj: its
    schema field), ignoring what the archery generator leaves arbitrary: DATA
    at null slots, and float digits (archery rounds to 3 decimals; a float32
    column read back from IPC has the nearest float32 of that)."""
    if list(g.keys()) != list(m.keys()):
        errors.append("%s: keys %s != %s" % (path, list(g.keys()), list(m.keys())))
        return
    is_float = fj["type"]["name"] == "floatingpoint" and "dictionary" not in fj
    for k in g:
        if k == "DATA" and "VALIDITY" in g:
            if len(g[k]) != len(m[k]):
                errors.append("%s.DATA: length" % path)
                continue
            for i, (a, b) in enumerate(zip(g[k], m[k])):
                if not g["VALIDITY"][i]:
                    continue
                if is_float:
                    b = _parse_float(b)
                    if not (a == b or np.float32(a) == np.float32(b)):
                        errors.append("%s.DATA[%d]: %r != %r" % (path, i, a, b))
                elif a != b:
                    errors.append("%s.DATA[%d]: %r != %r" % (path, i, a, b))
        elif k == "children":
            if len(g[k]) != len(m[k]):
                errors.append("%s: children count" % path)
            for a, b, cf in zip(g[k], m[k], fj["children"]):
                _gold_diff("%s/%s" % (path, a["name"]), a, b, cf, errors)
        elif g[k] != m[k]:
            errors.append("%s.%s: %s != %s" % (path, k, json.dumps(g[k])[:120],
                                               json.dumps(m[k])[:120]))


def compare_gold(directory):
    """Runs this script's converter on the arrow-testing gold .stream files
    and compares the result with the gold .json.gz files (development aid)."""
    import gzip
    ok = True
    for fname in sorted(os.listdir(directory)):
        if not fname.endswith(".stream"):
            continue
        base = fname[:-len(".stream")]
        gold_path = os.path.join(directory, base + ".json.gz")
        if not os.path.exists(gold_path):
            continue
        gold = json.loads(gzip.open(gold_path).read())
        stream = open(os.path.join(directory, fname), "rb").read()
        schema = pa.ipc.open_stream(pa.py_buffer(stream)).schema
        try:
            mine, _, _ = build_json(schema, stream)
        except Exception as e:  # noqa: BLE001
            print("ERROR %s: %s: %s" % (base, type(e).__name__, e))
            ok = False
            continue
        mine = json.loads(dump_json(mine))
        errors = []
        if list(gold.keys()) != list(mine.keys()):
            errors.append("top-level keys %s != %s" % (list(gold), list(mine)))

        def cmp_fields(path, a, b):
            keys = list(a.keys())
            if keys != list(b.keys()):
                errors.append("schema %s: keys %s != %s" % (path, keys, list(b.keys())))
                return
            for k in keys:
                if k == "children":
                    for x, y in zip(a[k], b[k]):
                        cmp_fields(path + "/" + x["name"], x, y)
                elif a[k] != b[k]:
                    errors.append("schema %s.%s: %s != %s" % (path, k, json.dumps(a[k]),
                                                             json.dumps(b[k])))

        for a, b in zip(gold["schema"]["fields"], mine["schema"]["fields"]):
            cmp_fields("/" + a["name"], a, b)
        if gold["schema"].get("metadata") != mine["schema"].get("metadata"):
            errors.append("schema metadata")
        for bi, (gb, mb) in enumerate(zip(gold["batches"], mine["batches"])):
            for gc, mc, fj in zip(gb["columns"], mb["columns"], gold["schema"]["fields"]):
                _gold_diff("batch%d/%s" % (bi, gc["name"]), gc, mc, fj, errors)
        fields_by_id = {}

        def find(fj):
            if "dictionary" in fj:
                vf = dict(fj)
                vf.pop("dictionary")
                fields_by_id[fj["dictionary"]["id"]] = vf
            for c in fj["children"]:
                find(c)

        for fj in mine["schema"]["fields"]:
            find(fj)
        gold_dicts = {d["id"]: d for d in gold.get("dictionaries", [])}
        for md in mine.get("dictionaries", []):
            gd = gold_dicts.get(md["id"])
            if gd is None or gd["data"]["count"] != md["data"]["count"]:
                errors.append("dictionary %d missing or different" % md["id"])
                continue
            _gold_diff("dict%d" % md["id"], gd["data"]["columns"][0], md["data"]["columns"][0],
                       fields_by_id[md["id"]], errors)
        if len(gold["batches"]) != len(mine["batches"]):
            errors.append("batch count")
        print("%-5s %s%s" % ("ok" if not errors else "DIFF", base,
                             "" if not errors else ": " + "; ".join(errors[:4])
                             + (" (+%d more)" % (len(errors) - 4) if len(errors) > 4 else "")))
        ok = ok and not errors
    return ok


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="after generating, verify the outputs against pyarrow")
    parser.add_argument("--check-only", action="store_true",
                        help="only verify the existing outputs")
    parser.add_argument("--out", default=OUT_DIR, help="output directory (default: %(default)s)")
    parser.add_argument("--compare-gold", metavar="DIR",
                        help="only compare this converter with arrow-testing gold files, e.g. "
                             "arrow-testing/data/arrow-ipc-stream/integration/cpp-21.0.0")
    args = parser.parse_args(argv)
    if args.compare_gold:
        return 0 if compare_gold(args.compare_gold) else 1
    if not args.check_only:
        manifest = generate(args.out)
        print("wrote %d cases to %s" % (len(manifest["cases"]), args.out))
    if args.check or args.check_only:
        return 0 if run_checks(args.out) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
