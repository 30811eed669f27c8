import ArrowIPC

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let usage = """
usage: arrow-ipc <command> [arguments]

commands:
  validate PATH     read every message of an IPC file or stream with full validation
                    (or of a tensor stream, as pa.ipc.write_tensor writes it)
  inspect PATH      print schema, batches, row counts and sizes (of a tensor stream:
                    dtype, shape, strides, dimension names, first values)
  stream-to-file IN OUT
                    rewrite an IPC stream as an IPC file (bytes as pyarrow writes them)
  file-to-stream IN OUT
                    rewrite an IPC file as an IPC stream (bytes as pyarrow writes them)
  flame decode [--json] PATH | flame reencode IN OUT
                    Flame cache blobs, object files and do_get answers (see `flame --help`)
  integration --mode VALIDATE|ARROW_TO_JSON|JSON_TO_ARROW --arrow PATH --json PATH
                    Arrow integration-test entry points (see `integration --help`)

exit status: 0 success, 1 invalid input or difference, 2 usage error
"""

func fail(_ message: String, status: Int32) -> Never {
    var stderr = StandardError()
    print(message, to: &stderr)
    exit(status)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = Glibc.write(2, &bytes, bytes.count)
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
            let contents = try IPCContents.read(path: arguments[1])
            try contents.validate(full: true)
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
    guard arguments.count == 3 else { fail(usage, status: 2) }
    do throws(ArrowError) {
        if command == "stream-to-file" {
            try IPCConversion.streamToFile(input: arguments[1], output: arguments[2])
        } else {
            try IPCConversion.fileToStream(input: arguments[1], output: arguments[2])
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
