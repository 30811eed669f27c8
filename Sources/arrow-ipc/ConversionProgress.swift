import ArrowIPC
import ArrowMemory

/// The `\r`-updated progress line of `stream-to-file` and `file-to-stream` on
/// stderr. Shown only when stderr is a terminal and the input is larger than
/// 64 MiB (or when forced with `--progress`): scripts and tests that capture
/// stderr see nothing.
final class ConversionProgress {
    static let minimumInputBytes = 64 << 20
    private let inputBytes: Int
    private let enabled: Bool
    private var shown = false
    private var lastPercent = -1
    private var last: IPCConversion.Progress?

    init(input: String, forced: Bool?) {
        var size = 0
        if let fd = try? Platform.openForReading(input) {
            size = (try? Platform.fileSize(fd)) ?? 0
            Platform.close(fd)
        }
        inputBytes = size
        enabled = forced ?? (Platform.isTerminal(2) && size > Self.minimumInputBytes)
    }

    /// The callback for `IPCConversion`, or nil when no line is shown.
    var report: ((IPCConversion.Progress) -> Void)? {
        enabled ? { [self] in self.update($0) } : nil
    }

    private func update(_ p: IPCConversion.Progress) {
        last = p
        let percent = inputBytes > 0 ? min(100, Int(Double(p.bytesRead) / Double(inputBytes) * 100)) : 100
        // One redraw per percent (and the first): a terminal is slow to write to.
        guard percent != lastPercent || !shown else { return }
        lastPercent = percent
        draw(p, percent)
    }

    private func draw(_ p: IPCConversion.Progress, _ percent: Int) {
        shown = true
        var stderr = StandardError()
        print(
            "\r\(p.batches) batches, \(p.rows) rows, \(megabytes(p.bytesWritten)) written, \(percent)% of input  ",
            terminator: "", to: &stderr)
    }

    /// Ends the line, if one was shown; after a success with the final counts
    /// (the stream's end marker is read after the last batch).
    func finish(succeeded: Bool = false) {
        guard shown else { return }
        if succeeded, let last { draw(last, 100) }
        var stderr = StandardError()
        print("", to: &stderr)
        shown = false
    }

    private func megabytes(_ n: Int) -> String {
        let tenths = n / (1 << 20 / 10)
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
}
