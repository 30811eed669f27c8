"""Tests ArrowHTTPService over HTTP with pyarrow as the client.

Usage: service_test.py PATH_TO_ArrowHTTPService

Starts the server on 127.0.0.1 with a free port, downloads the served tables and
compares them with values computed here from their documented definitions
(Sources/ArrowHTTPService/ServedTables.swift), uploads streams written by pyarrow
and checks the JSON summary against pyarrow's own view of them, then uploads about
1 GB generated on the fly and reports the server's peak RSS. All traffic goes to
127.0.0.1; the server is stopped in every case. Exit code 1 on any failure.
"""

import json
import math
import os
import select
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ARROW_STREAM = "application/vnd.apache.arrow.stream"
EOS = b"\xff\xff\xff\xff\x00\x00\x00\x00"
LARGE_UPLOAD_BYTES = 1 << 30
LARGE_BATCH_ROWS = 131072  # two 8-byte columns: 2 MiB of body per batch
LARGE_CHUNK_BYTES = 256 << 10
PEAK_RSS_LIMIT_BYTES = 300 << 20
STARTUP_SECONDS = 60
REQUEST_SECONDS = 600

base_url = ""
server_pid = 0
results = {"passed": 0, "failed": 0}


# --- the server ---------------------------------------------------------------

def start_server(binary):
    """Starts the server; returns it and its port, or stops it and raises."""
    process = subprocess.Popen([binary, "0"], stdout=subprocess.PIPE, bufsize=0)
    try:
        return process, read_port(process)
    except BaseException:
        stop_server(process)
        raise


def read_port(process):
    deadline = time.monotonic() + STARTUP_SECONDS
    line = b""
    while not line.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            raise RuntimeError(f"server did not print its port (got {line!r})")
        ready, _, _ = select.select([process.stdout], [], [], remaining)
        if ready:
            # os.read, not the file object: a buffered read would take bytes
            # select() then no longer sees.
            byte = os.read(process.stdout.fileno(), 1)
            if not byte:
                raise RuntimeError(f"server closed stdout (got {line!r})")
            line += byte
    text = line.decode().strip()
    prefix = "listening on 127.0.0.1:"
    if not text.startswith(prefix):
        raise RuntimeError(f"unexpected first line {text!r}")
    port = int(text[len(prefix):])
    if not 0 < port < 65536:
        raise RuntimeError(f"bad port {port}")
    return port


def stop_server(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{key} missing from /proc/{pid}/status")


# --- HTTP ---------------------------------------------------------------------

def get(path):
    return urllib.request.urlopen(base_url + path, timeout=REQUEST_SECONDS)


def post(path, body):
    """POSTs `body` (bytes, or an iterable of bytes sent with chunked transfer)."""
    request = urllib.request.Request(base_url + path, data=body, method="POST",
                                     headers={"Content-Type": ARROW_STREAM})
    with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as response:
        if response.headers.get_content_type() != "application/json":
            raise AssertionError(f"answer type {response.headers.get('Content-Type')}")
        return json.loads(response.read())


def http_status(call):
    try:
        with call():
            return 200
    except urllib.error.HTTPError as error:
        error.read()
        return error.code


def post_status(path, body):
    request = urllib.request.Request(base_url + path, data=body, method="POST")
    return http_status(lambda: urllib.request.urlopen(request, timeout=REQUEST_SECONDS))


def post_error(path, body):
    """POSTs a body the server must refuse; returns the status and error message."""
    request = urllib.request.Request(base_url + path, data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())["error"]["message"]


# --- helpers ------------------------------------------------------------------

def check(condition, message):
    if not condition:
        raise AssertionError(message)


def stream_bytes(schema, batches, **options):
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, schema, options=pa.ipc.IpcWriteOptions(**options)) as writer:
        for batch in batches:
            writer.write_batch(batch)
    return sink.getvalue().to_pybytes()


def dictionary_message_count(data):
    reader = pa.ipc.MessageReader.open_stream(pa.BufferReader(data))
    count = 0
    while True:
        try:
            message = reader.read_next_message()
        except StopIteration:
            return count
        if message.type == "dictionary":
            count += 1


def expected_summary(name, data):
    """The answer the service should give, from pyarrow's reading of the bytes."""
    table = pa.ipc.open_stream(data).read_all()
    reader = pa.ipc.open_stream(data)
    batch_count = sum(1 for _ in reader)
    return {
        "name": name,
        "rows": table.num_rows,
        "recordBatches": batch_count,
        "dictionaryBatches": dictionary_message_count(data),
        "bytes": len(data),
        "schema": [{"name": f.name, "type": str(f.type), "nullable": f.nullable} for f in table.schema],
    }


def chunks_of(data, size):
    for start in range(0, len(data), size):
        yield data[start:start + size]


def numbers_expected(rows):
    ids = list(range(rows))
    return {
        "id": ids,
        "half": [None if i % 10 == 3 else i / 2 for i in ids],
        "label": [None if i % 7 == 0 else f"row-{i}" for i in ids],
    }


NUMBERS_SCHEMA = pa.schema([pa.field("id", pa.int64(), nullable=False),
                            pa.field("half", pa.float64()), pa.field("label", pa.string())])


# --- downloads ----------------------------------------------------------------

def test_numbers_default():
    with get("/tables/numbers") as response:
        check(response.status == 200, f"status {response.status}")
        check(response.headers.get("Content-Type") == ARROW_STREAM, f"type {response.headers.get('Content-Type')}")
        check(response.headers.get("Transfer-Encoding") == "chunked",
              f"Transfer-Encoding {response.headers.get('Transfer-Encoding')}")
        check(response.headers.get("Content-Length") is None, "has a Content-Length")
        reader = pa.ipc.open_stream(response)
        batches = list(reader)
    check(reader.schema.equals(NUMBERS_SCHEMA), f"schema {reader.schema}")
    check([b.num_rows for b in batches] == [4096, 4096, 10000 - 8192], f"batch sizes {[b.num_rows for b in batches]}")
    table = pa.Table.from_batches(batches, schema=reader.schema)
    check(table.to_pydict() == numbers_expected(10000), "values differ from the documented ones")


def test_numbers_rows():
    for rows in (0, 1, 4096, 4097):
        with get(f"/tables/numbers?rows={rows}") as response:
            table = pa.ipc.open_stream(response).read_all()
        check(table.schema.equals(NUMBERS_SCHEMA), f"rows={rows}: schema {table.schema}")
        check(table.to_pydict() == numbers_expected(rows), f"rows={rows}: values differ")


def test_numbers_large_streamed():
    # A large table, read batch by batch from the socket. The server builds and
    # sends one batch at a time, so its memory grows by far less than the data
    # it sent (a server that built the whole response first would grow by more).
    rows = 2_000_000
    total_rows, id_sum, label_nulls, half_nulls, buffer_bytes = 0, 0, 0, 0, 0
    rss_before = status_kib(server_pid, "VmRSS") * 1024
    start = time.monotonic()
    with get(f"/tables/numbers?rows={rows}") as response:
        for batch in pa.ipc.open_stream(response):
            total_rows += batch.num_rows
            id_sum += pc.sum(batch.column("id")).as_py()
            label_nulls += batch.column("label").null_count
            half_nulls += batch.column("half").null_count
            buffer_bytes += batch.nbytes
    seconds = time.monotonic() - start
    peak = status_kib(server_pid, "VmHWM") * 1024
    growth = peak - rss_before
    print(f"  download of {rows} rows ({buffer_bytes / 1e6:.0f} MB of buffers) in {seconds:.1f} s; "
          f"server RSS before {rss_before / (1 << 20):.0f} MiB, peak (VmHWM) {peak / (1 << 20):.0f} MiB")
    check(total_rows == rows, f"{total_rows} rows")
    check(id_sum == rows * (rows - 1) // 2, f"id sum {id_sum}")
    check(label_nulls == math.ceil(rows / 7), f"{label_nulls} null labels")
    check(half_nulls == rows // 10, f"{half_nulls} null halves")
    check(growth < buffer_bytes / 2, f"server grew by {growth >> 20} MiB sending {buffer_bytes >> 20} MiB")
    check(peak < PEAK_RSS_LIMIT_BYTES, f"peak RSS {peak / (1 << 20):.0f} MiB >= {PEAK_RSS_LIMIT_BYTES >> 20} MiB")


def test_colors():
    with get("/tables/colors") as response:
        check(response.headers.get("Content-Type") == ARROW_STREAM, "content type")
        data = response.read()
    reader = pa.ipc.open_stream(data)
    batches = list(reader)
    color_type = pa.dictionary(pa.int32(), pa.string())
    expected_schema = pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("color", color_type)])
    check(reader.schema.equals(expected_schema), f"schema {reader.schema}")
    check([b.num_rows for b in batches] == [1000] * 5, "batch sizes")
    ids = list(range(5000))
    names = ["red", "green", "blue"]
    table = pa.Table.from_batches(batches)
    check(table.column("id").to_pylist() == ids, "ids")
    check(table.column("color").to_pylist() == [None if i % 11 == 5 else names[i % 3] for i in ids], "colors")
    for index, batch in enumerate(batches):
        seen = []
        for i in range(index * 1000, (index + 1) * 1000):
            if i % 11 != 5 and names[i % 3] not in seen:
                seen.append(names[i % 3])
        dictionary = batch.column("color").dictionary.to_pylist()
        check(dictionary == seen, f"batch {index}: dictionary {dictionary}, expected {seen}")
    # The dictionary changes between batches, so it is sent again (replacement).
    check(dictionary_message_count(data) > 1, "only one dictionary message")


def test_empty():
    with get("/tables/empty") as response:
        reader = pa.ipc.open_stream(response)
        batches = list(reader)
    check(reader.schema.equals(pa.schema([pa.field("id", pa.int64())])), f"schema {reader.schema}")
    check(batches == [], f"{len(batches)} batches")


def test_download_errors():
    check(http_status(lambda: get("/tables/nonexistent")) == 404, "unknown table is not 404")
    check(http_status(lambda: get("/tables/numbers?rows=-1")) == 400, "rows=-1 is not 400")
    check(http_status(lambda: get("/tables/numbers?rows=10000001")) == 400, "rows too large is not 400")


# --- uploads ------------------------------------------------------------------

def simple_upload():
    batch = pa.record_batch({"x": pa.array([1, None, 3], pa.int64()), "s": pa.array(["a", "b", None])})
    return stream_bytes(batch.schema, [batch])


def dictionary_upload():
    """Several batches; dictionaries replaced, deltas, nested types, metadata."""
    schema = pa.schema([
        pa.field("id", pa.int32(), nullable=False),
        pa.field("city", pa.dictionary(pa.int16(), pa.string())),
        pa.field("tag", pa.dictionary(pa.int8(), pa.large_string(), ordered=True)),
        pa.field("scores", pa.list_(pa.float32())),
        pa.field("when", pa.timestamp("us", tz="UTC")),
    ], metadata={"source": "service_test"})
    batches = []
    for b in range(6):
        n = 50 + b * 7
        cities = [["Oslo", "Lima", "Kyiv"][i % 3] if i % 4 else None for i in range(n)]
        city_dict = ["Oslo", "Lima", "Kyiv"] + [f"City{k}" for k in range(b)]
        batches.append(pa.record_batch([
            pa.array(range(b * 1000, b * 1000 + n), pa.int32()),
            pa.DictionaryArray.from_arrays(
                pa.array([None if c is None else city_dict.index(c) for c in cities], pa.int16()),
                pa.array(city_dict)),
            pa.DictionaryArray.from_arrays(
                pa.array([(i + b) % 2 for i in range(n)], pa.int8()),
                pa.array(["low", "high"] if b % 2 == 0 else ["high", "low"], pa.large_string()), ordered=True),
            pa.array([[float(i), i / 2] if i % 5 else None for i in range(n)], pa.list_(pa.float32())),
            pa.array([i * 1_000_000 for i in range(n)], pa.timestamp("us", tz="UTC")),
        ], schema=schema))
    return schema, batches


def test_upload_simple():
    data = simple_upload()
    answer = post("/tables/simple", data)
    check(answer == expected_summary("simple", data), f"answer {answer}")


def test_upload_dictionaries():
    schema, batches = dictionary_upload()
    for deltas in (False, True):
        data = stream_bytes(schema, batches, emit_dictionary_deltas=deltas)
        expected = expected_summary("dicts", data)
        check(expected["recordBatches"] == 6 and expected["dictionaryBatches"] > 2, f"fixture {expected}")
        answer = post("/tables/dicts", data)
        check(answer == expected, f"deltas={deltas}: answer {answer}, expected {expected}")


def test_upload_small_chunks():
    # 7-byte chunks: every message spans many chunks of the chunked body.
    schema, batches = dictionary_upload()
    data = stream_bytes(schema, batches)
    answer = post("/tables/chunked", chunks_of(data, 7))
    check(answer == expected_summary("chunked", data), f"answer {answer}")


def test_upload_round_trip():
    with get("/tables/colors") as response:
        data = response.read()
    answer = post("/tables/colors", data)
    check(answer == expected_summary("colors", data), f"answer {answer}")


def test_upload_errors():
    data = simple_upload()
    bad_bodies = {
        "garbage": b"this is not arrow at all",
        "truncated": data[:len(data) - 20],
        "empty": b"",
        "zeros (an end marker before the schema)": b"\0" * 100,
        # A header claiming a 2 GiB metadata message: refused before it arrives.
        "huge length": b"\xff\xff\xff\xff\xff\xff\xff\x7f" + b"\0" * 64,
    }
    for what, body in bad_bodies.items():
        status, message = post_error("/tables/bad", body)
        check(status == 400, f"{what}: status {status}")
        check(isinstance(message, str) and message.startswith("not an Arrow IPC stream"), f"{what}: {message!r}")
    # The server still answers after the errors.
    check(post("/tables/ok", data)["rows"] == 3, "no answer after errors")


def large_upload_chunks(batch_count):
    """The stream, generated batch by batch and cut into fixed-size chunks."""
    schema = pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("value", pa.float64())])
    pending = bytearray(schema.serialize().to_pybytes())
    for b in range(batch_count):
        ids = np.arange(b * LARGE_BATCH_ROWS, (b + 1) * LARGE_BATCH_ROWS, dtype=np.int64)
        batch = pa.record_batch([pa.array(ids), pa.array(ids * 0.5)], schema=schema)
        pending += batch.serialize().to_pybytes()
        while len(pending) >= LARGE_CHUNK_BYTES:
            yield bytes(pending[:LARGE_CHUNK_BYTES])
            del pending[:LARGE_CHUNK_BYTES]
    pending += EOS
    yield bytes(pending)


def test_upload_1gb():
    batch_count = LARGE_UPLOAD_BYTES // (LARGE_BATCH_ROWS * 16)
    # The small generator gives a stream pyarrow reads (checked on 2 batches).
    sample = b"".join(large_upload_chunks(2))
    check(pa.ipc.open_stream(sample).read_all().num_rows == 2 * LARGE_BATCH_ROWS, "generator writes a bad stream")

    rss_before = status_kib(server_pid, "VmRSS")
    start = time.monotonic()
    answer = post("/tables/large", large_upload_chunks(batch_count))
    seconds = time.monotonic() - start
    peak = status_kib(server_pid, "VmHWM") * 1024
    check(answer["rows"] == batch_count * LARGE_BATCH_ROWS, f"rows {answer['rows']}")
    check(answer["recordBatches"] == batch_count, f"batches {answer['recordBatches']}")
    check(answer["schema"] == [{"name": "id", "type": "int64", "nullable": False},
                               {"name": "value", "type": "double", "nullable": True}], f"schema {answer['schema']}")
    megabytes = answer["bytes"] / 1e6
    print(f"  1 GB upload: {answer['bytes']} bytes, {answer['rows']} rows in {seconds:.1f} s "
          f"({megabytes / seconds:.0f} MB/s); server RSS before {rss_before / 1024:.0f} MiB, "
          f"peak (VmHWM) {peak / (1 << 20):.0f} MiB")
    check(answer["bytes"] >= LARGE_UPLOAD_BYTES, f"only {answer['bytes']} bytes")
    check(peak < PEAK_RSS_LIMIT_BYTES, f"peak RSS {peak / (1 << 20):.0f} MiB >= {PEAK_RSS_LIMIT_BYTES >> 20} MiB")


TESTS = [
    test_numbers_default, test_numbers_rows, test_numbers_large_streamed, test_colors, test_empty,
    test_download_errors, test_upload_simple, test_upload_dictionaries, test_upload_small_chunks,
    test_upload_round_trip, test_upload_errors, test_upload_1gb,
]


def main():
    global base_url, server_pid
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    process = None
    try:
        process, port = start_server(sys.argv[1])
        base_url = f"http://127.0.0.1:{port}"
        server_pid = process.pid
        print(f"server pid {process.pid} on {base_url}")
        for test in TESTS:
            try:
                test()
                results["passed"] += 1
                print(f"PASS {test.__name__}")
            except Exception:
                results["failed"] += 1
                print(f"FAIL {test.__name__}")
                traceback.print_exc()
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
    except Exception:
        results["failed"] += 1
        traceback.print_exc()
    finally:
        if process is not None:
            stop_server(process)
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 0 if results["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
