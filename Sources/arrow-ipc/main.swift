import ArrowIPC

import ArrowMemory

let usage = """
usage: arrow-ipc <command> [arguments]

commands:
  validate PATH     read every message of an IPC file or stream with full validation
                    (or of a tensor stream, as pa.ipc.write_tensor writes it)
  inspect PATH      print schema, batches, row counts and sizes (of a tensor stream:
                    dtype, shape, strides, dimension names, first values)
  stream-to-file [--compression zstd|lz4_frame|none] [--level N] IN OUT
                    rewrite an IPC stream as an IPC file (bytes as pyarrow writes them;
                    bodies compressed as pyarrow's compression= option, or not)
  file-to-stream [--compression zstd|lz4_frame|none] [--level N] IN OUT
                    rewrite an IPC file as an IPC stream (likewise)
  flame decode [--json] PATH | flame reencode IN OUT
                    Flame cache blobs, object files and do_get answers (see `flame --help`)
  integration --mode VALIDATE|ARROW_TO_JSON|JSON_TO_ARROW --arrow PATH --json PATH
                    Arrow integration-test entry points (see `integration --help`)

exit status: 0 success, 1 invalid input or difference, 2 usage error
"""

/// Paths and write options of a conversion: `--compression zstd|lz4_frame|none`
/// and `--level N` (zstd) anywhere among the paths; nil when malformed.
func conversionArguments(_ arguments: [String]) -> ([String], IPCWriteOptions)? {
    var paths: [String] = []
    var codec = "none"
    var level = 1
    var i = 0
    while i < arguments.count {
        switch arguments[i] {
        case "--compression":
            guard i + 1 < arguments.count else { return nil }
            codec = arguments[i + 1]
            i += 2
        case "--level":
            guard i + 1 < arguments.count, let n = Int(arguments[i + 1]) else { return nil }
            level = n
            i += 2
        default:
            paths.append(arguments[i])
            i += 1
        }
    }
    var options = IPCWriteOptions()
    switch codec {
    case "none": options.compression = nil
    case "zstd": options.compression = .zstd(level: level)
    case "lz4", "lz4_frame": options.compression = .lz4Frame
    default: return nil
    }
    return (paths, options)
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

switch command {
case "validate":
    guard arguments.count == 2 else { fail(usage, status: 2) }
    do throws(ArrowError) {
        // Decoding a tensor checks its shape, strides and sizes against the bytes present.
        if try readTensors(arguments[1]) == nil {
            // One batch at a time: memory does not grow with the number of batches.
            try IPCBatchReader(path: arguments[1]).validateAll(.full)
        }
    } catch {
        fail("invalid: \(error)", status: 1)
    }
case "inspect":
    guard arguments.count == 2 else { fail(usage, status: 2) }
    do throws(ArrowError) {
        if let read = try readTensors(arguments[1]) {
            printTensors(arguments[1], read)
        } else {
            try inspect(arguments[1])
        }
    } catch {
        fail("error: \(error)", status: 1)
    }
case "stream-to-file", "file-to-stream":
    guard let (paths, options) = conversionArguments(Array(arguments.dropFirst())), paths.count == 2 else { fail(usage, status: 2) }
    do throws(ArrowError) {
        if command == "stream-to-file" {
            try IPCConversion.streamToFile(input: paths[0], output: paths[1], options: options)
        } else {
            try IPCConversion.fileToStream(input: paths[0], output: paths[1], options: options)
        }
    } catch {
        fail("error: \(error)", status: 1)
    }
case "flame":
    runFlame(Array(arguments.dropFirst()))
case "integration":
    runIntegration(Array(arguments.dropFirst()))
case "-h", "--help", "help":
    print(usage)
default:
    fail(usage, status: 2)
}
