import ArrowMemory

/// `arrow-ipc CMD --help`: usage, what the command does, each option, an example
/// and the exit status, for every command.
let commandHelp: [String: String] = [
    "validate": """
    usage: arrow-ipc validate PATH

    Reads every message of the Arrow IPC file or stream at PATH (detected by the
    ARROW1 magic) with full validation: layout, offsets, UTF-8, dictionary
    indices. A tensor stream (as pa.ipc.write_tensor writes it) is checked too.
    Batches are read one at a time, so memory does not grow with their number.

    options:
      -h, --help   print this help

    example:
      arrow-ipc validate data.arrow

    exit status: 0 valid, 1 invalid (one line on stderr says what and where),
                 2 usage error
    """,
    "inspect": """
    usage: arrow-ipc inspect PATH

    Prints what an Arrow IPC file or stream holds: format and size, the schema
    (types, extension names, metadata), each batch's rows and buffer bytes, the
    totals and the dictionaries. For a tensor stream: dtype, shape, strides,
    dimension names and the first values. For a Flame cache blob: the summary
    `flame decode` prints. Text from the file is printed with control
    characters escaped.

    options:
      -h, --help   print this help

    example:
      arrow-ipc inspect data.arrows

    exit status: 0 success, 1 unreadable input, 2 usage error
    """,
    "cat": """
    usage: arrow-ipc cat [--format table|json|jsonl|csv] [--rows N | --all] PATH

    Prints the rows of an Arrow IPC file or stream (detected by the ARROW1
    magic), or of a Flame blob holding a table, record batch or array. Reads
    batch by batch: only the batches holding the rows printed are decoded.

    options:
      --format F   table (default): like pyarrow's print(table): a
                   "pyarrow.Table" line, the schema, "----", then each column
                   as name: [[v1,v2,...],[...]] (one [...] per batch) and a note
                   on the rows not shown
                   json: one JSON array of row objects
                   jsonl: one JSON object per row, one per line
                   csv: RFC 4180: a header line, then one line per row;
                   fields with a comma, quote or line break are quoted; null is
                   an empty field
      --rows N     print the first N rows (default 10)
      --all        print every row
      -h, --help   print this help

    values: integers exact; floats as the shortest text that reads back the
    same value (NaN and infinities: JSON null, as pandas' to_json writes them;
    nan, inf, -inf in table and csv); decimals as exact text (a JSON string);
    dates, times and timestamps as ISO-8601 text (timestamps with a time zone
    in UTC with a Z suffix; years outside 1..9999 as the stored integer);
    durations and intervals as stored integers; binary as base64 (json, jsonl,
    csv) or upper-case hex (table); lists as arrays, structs as objects, maps
    as arrays of [key, value]; dictionary, run-end encoded and union values as
    the value they stand for. Nested values in csv are JSON text.

    examples:
      arrow-ipc cat data.arrow
      arrow-ipc cat --format jsonl --all data.arrows > rows.jsonl
      arrow-ipc cat --format csv --rows 100 data.arrow

    exit status: 0 success, 1 unreadable input (one line on stderr),
                 2 usage error
    """,
    "stream-to-file": conversionHelp(
        command: "stream-to-file", from: "stream", to: "file", pyarrowWriter: "new_file",
        example: "--compression zstd data.arrows data.arrow"),
    "file-to-stream": conversionHelp(
        command: "file-to-stream", from: "file", to: "stream", pyarrowWriter: "new_stream",
        example: "data.arrow data.arrows"),
    "flame": flameUsage,
    "flame decode": """
    usage: arrow-ipc flame decode [--json] PATH

    Decodes a Flame cache blob (FLM\\x00..FLM\\x04 or a legacy pickle), a cache
    object file (with patches from a sibling NAME.deltas/ folder) or a do_get
    answer stream, and prints a summary (kind, type, shape or rows).

    options:
      --json       print one JSON document instead (see docs/flame-cache.md);
                   may come before or after PATH
      -h, --help   print this help

    example:
      arrow-ipc flame decode --json cache/obj/0001

    exit status: 0 success, 1 unreadable input (one line on stderr, nothing
                 on stdout), 2 usage error
    """,
    "flame reencode": """
    usage: arrow-ipc flame reencode IN OUT

    Decodes IN (as flame decode does), encodes it again with this library's
    encoder and writes OUT. For what flamepy wrote, OUT equals IN byte for byte.

    options:
      -h, --help   print this help

    example:
      arrow-ipc flame reencode blob.flm copy.flm

    exit status: 0 success, 1 unreadable input or write failure, 2 usage error
    """,
    "integration": integrationUsage,
]

/// Which `commandHelp` entry a command line asks for: `flame decode` for
/// `flame decode ...`, otherwise the first word.
func helpTopic(_ words: [String]) -> String {
    if words.count >= 2, commandHelp[words[0] + " " + words[1]] != nil { return words[0] + " " + words[1] }
    return words.first ?? ""
}

/// Prints the help of `topic` to stdout and exits 0.
func printHelp(_ topic: String) -> Never {
    print(commandHelp[topic] ?? usage)
    Platform.exit(0)
}

/// A usage error: one line, a pointer to the help, exit status 2.
func usageError(_ command: String, _ message: String) -> Never {
    fail(oneLine("arrow-ipc \(command): \(message)") + "; see `arrow-ipc \(command) --help`", status: 2)
}

/// A command line split into options and operands.
struct CommandArguments {
    var flags: Set<String> = []
    var values: [String: String] = [:]
    var operands: [String] = []

    /// Parses `arguments` of `command`: `flags` take no value, `valued` take one
    /// (`--opt V` or `--opt=V`); `-h`/`--help` print the help and exit 0; `--`
    /// ends the options; an unknown option is a usage error.
    init(_ arguments: [String], command: String, flags allowedFlags: Set<String> = [], valued: Set<String> = []) {
        var k = 0
        var optionsEnded = false
        while k < arguments.count {
            let a = arguments[k]
            k += 1
            if optionsEnded || !a.hasPrefix("-") || a == "-" {
                operands.append(a)
                continue
            }
            if a == "--" {
                optionsEnded = true
                continue
            }
            if a == "-h" || a == "--help" { printHelp(command) }
            var name = a
            var value: String?
            if let eq = a.firstIndex(of: "=") {
                name = String(a[..<eq])
                value = String(a[a.index(after: eq)...])
            }
            if allowedFlags.contains(name), value == nil {
                flags.insert(name)
            } else if valued.contains(name) {
                if value == nil {
                    guard k < arguments.count else { usageError(command, "\(name) needs a value") }
                    value = arguments[k]
                    k += 1
                }
                values[name] = value
            } else {
                usageError(command, "unknown option \(a)")
            }
        }
    }

    /// Exactly `names.count` operands, or a usage error naming what is missing or extra.
    func operands(_ names: [String], command: String) -> [String] {
        if operands.count < names.count { usageError(command, "missing \(names[operands.count])") }
        if operands.count > names.count { usageError(command, "unexpected argument '\(operands[names.count])'") }
        return operands
    }
}

/// The help of `stream-to-file` and `file-to-stream`, which differ only in
/// their direction.
private func conversionHelp(command: String, from: String, to: String, pyarrowWriter: String, example: String) -> String {
    let indent = String(repeating: " ", count: "usage: arrow-ipc \(command) ".count)
    return """
        usage: arrow-ipc \(command) [--compression zstd|lz4_frame|none] [--level N]
        \(indent)[--progress | --no-progress] IN OUT

        Rewrites the Arrow IPC \(from) IN as an IPC \(to) OUT, batch by batch, with
        the bytes pyarrow's conversion writes (\(pyarrowWriter) + write_batch).

        options:
          --compression C   compress bodies: zstd, lz4_frame (or lz4) or none
                            (default none), as pyarrow's compression= option
          --level N         zstd level (default 1)
          --progress        show a progress line on stderr
          --no-progress     never show it (default: shown when stderr is a
                            terminal and IN is larger than 64 MiB)
          -h, --help        print this help

        example:
          arrow-ipc \(command) \(example)

        exit status: 0 success, 1 unreadable input or write failure, 2 usage error
        """
}
