#!/usr/bin/env python3
"""Replays FlatBufferBuilder call sequences with the Python `flatbuffers.Builder`.

Used by FlatBufferBuilderTests.testMatchesPythonBuilder: the Swift test writes a
JSON script of random call sequences, runs this file once, and compares the
bytes of each finished buffer with what the Swift builder produced.

Usage: flatbuffers_replay.py SCRIPT.json
Prints a JSON list with, per sequence, the hex of `builder.Output()`, or
"error: ..." if the replay raised.

Script format: {"sequences": [{"initialCapacity": N, "ops": [OP, ...]}, ...]}
Operations that create an object append its offset to a per-sequence result
list; REF is an index into that list, -1 for the null offset. Scalars are given
as their little-endian bit pattern (an unsigned integer) plus a type name.

  ["force", BOOL]                              builder.ForceDefaults
  ["startTable", FIELD_COUNT]
  ["scalarSlot", TYPE, SLOT, BITS, DEFAULT_BITS]
  ["offsetSlot", SLOT, REF]
  ["structSlot", SLOT, STRUCT]
  ["endTable"]                                 -> result
  ["string", HEX]                              -> result
  ["bytes", HEX, ALIGNMENT]                    -> result
  ["scalarVector", TYPE, [BITS, ...]]          -> result
  ["offsetVector", [REF, ...]]                 -> result
  ["structVector", ELEMENT_SIZE, ALIGNMENT, [STRUCT, ...]]   -> result
  ["finish", REF, FILE_ID_HEX or null, SIZE_PREFIXED]
  STRUCT = [ALIGNMENT, SIZE, [ITEM, ...]], items in writing (back to front)
  order, ITEM = ["pad", N] or ["scalar", TYPE, BITS]

Where the C++ FlatBufferBuilder (which Arrow C++ uses and which the Swift
builder follows) differs from the Python one, this replay calls the Python
builder the way that produces the C++ bytes, and says so:
  1. empty vectors are not pre-aligned (C++ PreAlign returns early for 0 bytes);
  2. null offsets are never stored, even with ForceDefaults (C++ AddOffset);
  3. a NaN value equals a NaN default (C++ IsTheSameAs).
"""

import json
import math
import struct
import sys

import flatbuffers

FORMATS = {
    "bool": "?",
    "int8": "b",
    "uint8": "B",
    "int16": "h",
    "uint16": "H",
    "int32": "i",
    "uint32": "I",
    "int64": "q",
    "uint64": "Q",
    "float32": "f",
    "float64": "d",
}

PREPEND = {
    "bool": "PrependBool",
    "int8": "PrependInt8",
    "uint8": "PrependUint8",
    "int16": "PrependInt16",
    "uint16": "PrependUint16",
    "int32": "PrependInt32",
    "uint32": "PrependUint32",
    "int64": "PrependInt64",
    "uint64": "PrependUint64",
    "float32": "PrependFloat32",
    "float64": "PrependFloat64",
}


def width(kind):
    return struct.calcsize("<" + FORMATS[kind])


def value(kind, bits):
    """The Python value whose little-endian encoding is the low bytes of `bits`."""
    raw = int(bits).to_bytes(8, "little")[: width(kind)]
    return struct.unpack("<" + FORMATS[kind], raw)[0]


def start_vector(builder, element_size, count, alignment):
    # C++ difference 1: PreAlign(len * elemsize, ...) does nothing for an empty
    # vector, and EndVector's PushElement then aligns only to 4. Python's
    # StartVector always does Prep(4, 0) and Prep(alignment, 0); capping the
    # alignment at 4 for empty vectors gives the C++ bytes and minalign.
    if element_size * count == 0:
        alignment = min(alignment, 4)
    builder.StartVector(element_size, count, alignment)


def write_struct(builder, spec):
    alignment, size, items = spec
    builder.Prep(alignment, size)
    for item in items:
        if item[0] == "pad":
            builder.Pad(item[1])
        else:
            _, kind, bits = item
            getattr(builder, PREPEND[kind])(value(kind, bits))


def replay(sequence):
    builder = flatbuffers.Builder(sequence["initialCapacity"])
    results = []

    def ref(index):
        return 0 if index < 0 else results[index]

    for op in sequence["ops"]:
        name = op[0]
        if name == "force":
            builder.ForceDefaults(op[1])
        elif name == "startTable":
            builder.StartObject(op[1])
        elif name == "scalarSlot":
            _, kind, slot, bits, default_bits = op
            x = value(kind, bits)
            d = value(kind, default_bits)
            if (
                kind.startswith("float")
                and math.isnan(x)
                and math.isnan(d)
                and not builder.forceDefaults
            ):
                continue  # C++ difference 3: NaN equals a NaN default.
            getattr(builder, PREPEND[kind] + "Slot")(slot, x, d)
        elif name == "offsetSlot":
            _, slot, index = op
            if index < 0:
                continue  # C++ difference 2: null offsets are never stored.
            builder.PrependUOffsetTRelativeSlot(slot, ref(index), 0)
        elif name == "structSlot":
            _, slot, spec = op
            write_struct(builder, spec)
            builder.PrependStructSlot(slot, builder.Offset(), 0)
        elif name == "endTable":
            results.append(builder.EndObject())
        elif name == "string":
            results.append(builder.CreateString(bytes.fromhex(op[1])))
        elif name == "bytes":
            _, hex_data, alignment = op
            data = bytes.fromhex(hex_data)
            if alignment == 1:
                results.append(builder.CreateByteVector(data))
            else:
                # What CreateNumpyVector does for a uint8 array with a
                # stronger alignment.
                start_vector(builder, 1, len(data), alignment)
                builder.head = builder.head - len(data)
                builder.Bytes[builder.head : builder.head + len(data)] = data
                results.append(builder.EndVector())
        elif name == "scalarVector":
            _, kind, values = op
            start_vector(builder, width(kind), len(values), width(kind))
            prepend = getattr(builder, PREPEND[kind])
            for bits in reversed(values):
                prepend(value(kind, bits))
            results.append(builder.EndVector())
        elif name == "offsetVector":
            _, indices = op
            start_vector(builder, 4, len(indices), 4)
            for index in reversed(indices):
                builder.PrependUOffsetTRelative(ref(index))
            results.append(builder.EndVector())
        elif name == "structVector":
            _, element_size, alignment, specs = op
            start_vector(builder, element_size, len(specs), alignment)
            for spec in reversed(specs):
                write_struct(builder, spec)
            results.append(builder.EndVector())
        elif name == "finish":
            _, index, file_id, size_prefixed = op
            identifier = None if file_id is None else bytes.fromhex(file_id)
            if size_prefixed:
                builder.FinishSizePrefixed(ref(index), identifier)
            else:
                builder.Finish(ref(index), identifier)
        else:
            raise ValueError("unknown operation %r" % (name,))
    return builder.Output().hex()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: flatbuffers_replay.py SCRIPT.json")
    with open(sys.argv[1], encoding="utf-8") as handle:
        script = json.load(handle)
    outputs = []
    for sequence in script["sequences"]:
        try:
            outputs.append(replay(sequence))
        except Exception as error:  # reported per sequence by the Swift test
            outputs.append("error: %s: %s" % (type(error).__name__, error))
    json.dump({"flatbuffers": flatbuffers.__version__, "outputs": outputs}, sys.stdout)


if __name__ == "__main__":
    main()
