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
  inspect PATH      print schema, batches, row counts and sizes
  integration --mode VALIDATE|ARROW_TO_JSON --arrow PATH --json PATH
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
        let contents = try IPCContents.read(path: arguments[1])
        try contents.validate(full: true)
    } catch {
        fail("invalid: \(error)", status: 1)
    }
case "inspect":
    guard arguments.count == 2 else { fail(usage, status: 2) }
    do throws(ArrowError) {
        let contents = try IPCContents.read(path: arguments[1])
        print("format: \(contents.format.rawValue)")
        print("schema:")
        for f in contents.schema.fields { print("  \(f.typeDescription)") }
        for kv in contents.schema.metadata { print("  metadata \(kv.key) = \(kv.value)") }
        print("batches: \(contents.batches.count)")
        for (i, b) in contents.batches.enumerated() {
            print("  batch \(i): \(b.length) rows")
        }
    } catch {
        fail("error: \(error)", status: 1)
    }
case "integration":
    runIntegration(Array(arguments.dropFirst()))
case "-h", "--help", "help":
    print(usage)
default:
    fail(usage, status: 2)
}
