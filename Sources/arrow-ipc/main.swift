import ArrowIPC
import ArrowMemory
import FlameCache

let usage = """
    usage: arrow-ipc <command> [arguments]

    commands:
      cat [--format table|json|jsonl|csv] [--rows N | --all] PATH
                        print the rows of an IPC file or stream (first 10 by default)
      validate PATH     read every message of an IPC file or stream with full validation
                        (or of a tensor stream, as pa.ipc.write_tensor writes it)
      inspect PATH      print schema, batches, row counts and sizes (of a tensor stream:
                        dtype, shape, strides, dimension names, first values)
      stream-to-file [--compression zstd|lz4_frame|none] [--level N] [--[no-]progress] IN OUT
                        rewrite an IPC stream as an IPC file (bytes as pyarrow writes them;
                        bodies compressed as pyarrow's compression= option, or not)
      file-to-stream [--compression zstd|lz4_frame|none] [--level N] [--[no-]progress] IN OUT
                        rewrite an IPC file as an IPC stream (likewise)
      flame decode [--json] PATH | flame reencode IN OUT
                        Flame cache blobs, object files and do_get answers (see `flame --help`)
      integration --mode VALIDATE|ARROW_TO_JSON|JSON_TO_ARROW --arrow PATH --json PATH
                        Arrow integration-test entry points (see `integration --help`)

    `arrow-ipc COMMAND --help` or `arrow-ipc help COMMAND` describes a command.

    exit status: 0 success, 1 invalid input or difference, 2 usage error
    """

/// Write options of a conversion from `--compression zstd|lz4_frame|none` and
/// `--level N` (zstd); a usage error when malformed.
func conversionOptions(_ parsed: CommandArguments, command: String) -> IPCWriteOptions {
    var level = 1
    if let text = parsed.values["--level"] {
        guard let n = Int(text) else { usageError(command, "--level needs an integer, not '\(text)'") }
        level = n
    }
    var options = IPCWriteOptions()
    switch parsed.values["--compression"] ?? "none" {
    case "none": options.compression = nil
    case "zstd": options.compression = .zstd(level: level)
    case "lz4", "lz4_frame": options.compression = .lz4Frame
    case let other: usageError(command, "unknown compression '\(other)' (zstd, lz4_frame or none)")
    }
    return options
}

func fail(_ message: String, status: Int32) -> Never {
    var stderr = StandardError()
    print(message, to: &stderr)
    Platform.exit(status)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        let bytes = Array(string.utf8)
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { try? Platform.writeAll(2, from: base, count: raw.count) }
        }
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else { fail(usage, status: 2) }
let rest = Array(arguments.dropFirst())

switch command {
case "validate":
    let path = CommandArguments(rest, command: command).operands(["PATH"], command: command)[0]
    do throws(ArrowError) {
        // Decoding a tensor checks its shape, strides and sizes against the bytes present.
        if try readTensors(path) == nil {
            // One batch at a time: memory does not grow with the number of batches.
            try IPCBatchReader(path: path).validateAll(.full)
        }
    } catch {
        fail("invalid: \(error)", status: 1)
    }
case "inspect":
    let path = CommandArguments(rest, command: command).operands(["PATH"], command: command)[0]
    if looksLikeFlameBlob(path) {
        do throws(FlameError) {
            let summary = flameSummary(try FlameInput.read(path: path))
            print("\(DisplayText.escaped(path)): Flame cache blob")
            for line in summary.split(separator: "\n") { print(DisplayText.escaped(String(line))) }
        } catch {
            fail(oneLine("error: \(error)"), status: 1)
        }
        break
    }
    do throws(ArrowError) {
        if let read = try readTensors(path) {
            printTensors(path, read)
        } else {
            try inspect(path)
        }
    } catch {
        fail("error: \(error)", status: 1)
    }
case "cat":
    runCat(rest)
case "stream-to-file", "file-to-stream":
    let parsed = CommandArguments(rest, command: command, flags: ["--progress", "--no-progress"], valued: ["--compression", "--level"])
    let options = conversionOptions(parsed, command: command)
    let paths = parsed.operands(["IN", "OUT"], command: command)
    let progress = ConversionProgress(
        input: paths[0],
        forced: parsed.flags.contains("--progress")
            ? true
            : parsed.flags.contains("--no-progress") ? false : nil)
    do throws(ArrowError) {
        if command == "stream-to-file" {
            try IPCConversion.streamToFile(input: paths[0], output: paths[1], options: options, progress: progress.report)
        } else {
            try IPCConversion.fileToStream(input: paths[0], output: paths[1], options: options, progress: progress.report)
        }
        progress.finish(succeeded: true)
    } catch {
        progress.finish()
        fail("error: \(error)", status: 1)
    }
case "flame":
    runFlame(rest)
case "integration":
    runIntegration(rest)
case "-h", "--help":
    print(usage)
case "help":
    if rest.isEmpty {
        print(usage)
    } else if commandHelp[helpTopic(rest)] != nil {
        printHelp(helpTopic(rest))
    } else {
        fail(oneLine("arrow-ipc help: no command '\(rest.joined(separator: " "))'") + "; see `arrow-ipc --help`", status: 2)
    }
default:
    fail(oneLine("arrow-ipc: unknown command '\(command)'") + "; see `arrow-ipc --help`", status: 2)
}
