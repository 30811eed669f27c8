/// The order in which a batch's buffers are handed to worker threads: largest
/// first.
///
/// `concurrentPerform` gives out iterations in index order, so in column order a
/// large buffer near the end (a string column's data) often starts when the other
/// thread has almost nothing left, and one core idles while it finishes. Handing
/// out the largest buffers first (the "longest processing time" rule) leaves only
/// small ones for the end, where they fill the gaps. The work per buffer is close
/// to proportional to its size for both codecs.
enum LargestFirst {
    /// Indices of `sizes`, largest size first; equal sizes keep index order.
    static func order(_ sizes: [Int]) -> [Int] {
        sizes.indices.sorted { sizes[$0] > sizes[$1] || (sizes[$0] == sizes[$1] && $0 < $1) }
    }
}
