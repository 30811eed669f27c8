// How nested builders finish without leaving their children out of step.
//
// A nested builder's `finish()` finishes its children too. If it found a problem
// only after finishing some children, those children would be empty while the
// others and the parent still held rows. So before finishing anything, a
// library builder asks itself and, recursively, its children for the problem
// `finish()` would meet (`finishProblem()`):
// - a problem the caller can still repair (items appended after the last list
//   was closed, a struct child with another count) throws and changes nothing;
// - a problem that cannot be repaired (a null list or map given items, a valid
//   empty list given items, a null map key) throws once and empties the builder
//   whose `finish()` was called and all its children, dropping the rows, so that
//   they are usable again.
// A child of another kind (a caller's own `ArrayBuilder`) cannot be asked; if
// its `finish()` throws, the other children and the parent are emptied as well.

/// A problem a builder's `finish()` would throw, found before anything is finished.
struct FinishProblem {
    let error: ArrowError
    /// Whether the rows cannot be repaired, so `finish()` drops them.
    let dropsRows: Bool

    /// The same problem, its `fieldPath` prefixed by `name`.
    func inField(_ name: String) -> FinishProblem {
        FinishProblem(error: error.inField(name), dropsRows: dropsRows)
    }
}

/// What the library's builders tell before `finish()` changes anything.
protocol FinishChecking: ArrayBuilder {
    /// The problem `finish()` would throw now (this builder's or a child's), or
    /// nil when it would succeed.
    func finishProblem() -> FinishProblem?
    /// Empties this builder and its children, dropping what was appended.
    func discard()
    /// Number of nulls appended since the last `finish()`.
    var nullCount: Int { get }
}

extension FinishChecking {
    func finishProblem() -> FinishProblem? { nil }
}

enum BuilderFinish {
    /// The problem `builder.finish()` would throw, when the builder can tell.
    static func problem(_ builder: any ArrayBuilder) -> FinishProblem? {
        (builder as? any FinishChecking)?.finishProblem()
    }

    /// Empties `builder`, dropping what was appended.
    static func discard(_ builder: any ArrayBuilder) {
        if let b = builder as? any FinishChecking { b.discard() } else { _ = try? builder.finish() }
    }

    /// Nulls appended to `builder`, or nil when it cannot tell.
    static func nullCount(_ builder: any ArrayBuilder) -> Int? {
        (builder as? any FinishChecking)?.nullCount
    }

    /// Throws `problem`, first emptying everything `discard` empties when the
    /// rows cannot be repaired.
    static func refuse(_ problem: FinishProblem, discard: () -> Void) throws(ArrowError) -> Never {
        if problem.dropsRows { discard() }
        throw problem.error
    }

    /// Finishes `children` in order. When one throws, the others are emptied as
    /// well and `reset` empties the parent, so no builder keeps rows the others
    /// dropped; then the error is thrown.
    static func finishAll(_ children: [any ArrayBuilder], reset: () -> Void) throws(ArrowError) -> [ArrayData] {
        var arrays: [ArrayData] = []
        for (i, child) in children.enumerated() {
            do throws(ArrowError) {
                arrays.append(try child.finish())
            } catch {
                for other in children[i...] { discard(other) }
                reset()
                throw error
            }
        }
        return arrays
    }
}
