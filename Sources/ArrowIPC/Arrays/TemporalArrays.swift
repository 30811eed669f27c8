#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

// Temporal columns as Swift values. The raw storage stays available through
// `PrimitiveArray(storageOf:)`; these views add the unit, so a value cannot be
// read in the wrong one.

extension TimeUnit {
    /// `value` of this unit as an exact `Duration`.
    /// - Parameter value: A count of this unit.
    /// - Returns: The same length of time as a `Duration`.
    @inlinable
    public func duration(_ value: Int64) -> Duration {
        switch self {
        case .second: .seconds(value)
        case .millisecond: .milliseconds(value)
        case .microsecond: .microseconds(value)
        case .nanosecond: .nanoseconds(value)
        }
    }

    /// `value` of this unit in (fractional) seconds.
    /// - Parameter value: A count of this unit.
    /// - Returns: Seconds as a `Double` (inexact beyond 2^53 of the unit).
    @inlinable
    public func seconds(_ value: Int64) -> Double {
        switch self {
        case .second: Double(value)
        case .millisecond: Double(value) / 1e3
        case .microsecond: Double(value) / 1e6
        case .nanosecond: Double(value) / 1e9
        }
    }
}

/// Timestamps (every unit, with or without a time zone) as `Date?`, zero-copy.
///
/// `Date` holds a `Double`, so nanosecond timestamps far from 2001 lose their last
/// digits; `sinceEpoch(at:)` is exact.
///
/// ```swift
/// let times = try TimestampArray(batch.columns[6])          // timestamp[us, tz=UTC]
/// print(times[0] as Any, times.sinceEpoch(at: 0) as Any, times.timezone ?? "no zone")
/// ```
public struct TimestampArray: RandomAccessCollection, Sendable {
    /// The raw `Int64` values, in `unit` since the epoch.
    public let storage: PrimitiveArray<Int64>
    /// The unit of the stored values.
    public let unit: TimeUnit
    /// The zone the timestamps are shown in (values are always UTC instants); nil for
    /// zone-less ("wall clock") timestamps.
    public let timezone: String?

    /// A view of `data`, whose type must be a timestamp.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when `data` is not a
    ///   timestamp; `.invalidData` when its buffers are too short.
    /// - Complexity: O(1).
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .timestamp(let unit, let timezone) = data.type else {
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as timestamps")
        }
        self.storage = try PrimitiveArray(storageOf: data)
        self.unit = unit
        self.timezone = timezone
    }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The array's length.
    public var endIndex: Int { storage.endIndex }

    /// The timestamp at `i` as a `Date`, or nil when it is null. Traps for `i`
    /// outside `indices`.
    /// - Parameter i: Index in `0..<count`.
    public subscript(i: Int) -> Date? {
        storage[i].map { Date(timeIntervalSince1970: unit.seconds($0)) }
    }

    /// The exact time since 1970-01-01T00:00:00Z, or nil when null.
    /// - Parameter i: Index in `0..<count`; traps outside it.
    /// - Returns: The stored value as a `Duration`, or `nil`.
    public func sinceEpoch(at i: Int) -> Duration? { storage[i].map(unit.duration) }
}

/// date32 (days) and date64 (milliseconds) as `Date?` at midnight UTC, zero-copy.
///
/// ```swift
/// let days = try DateArray(batch.columns[7])
/// print(days[0] as Any)
/// ```
public struct DateArray: RandomAccessCollection, Sendable {
    /// The array viewed.
    public let data: ArrayData
    private let days: PrimitiveArray<Int32>?
    private let milliseconds: PrimitiveArray<Int64>?

    /// A view of `data`, whose type must be date32 or date64.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when `data` is not a
    ///   date; `.invalidData` when its buffers are too short.
    /// - Complexity: O(1).
    public init(_ data: ArrayData) throws(ArrowError) {
        switch data.type {
        case .date32:
            days = try PrimitiveArray(storageOf: data)
            milliseconds = nil
        case .date64:
            days = nil
            milliseconds = try PrimitiveArray(storageOf: data)
        default:
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as dates")
        }
        self.data = data
    }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The array's length.
    public var endIndex: Int { data.length }

    /// The date at `i`, or nil when it is null. Traps for `i` outside `indices`.
    /// - Parameter i: Index in `0..<count`.
    public subscript(i: Int) -> Date? {
        if let days { return days[i].map { Date(timeIntervalSince1970: Double($0) * 86_400) } }
        return milliseconds?[i].map { Date(timeIntervalSince1970: Double($0) / 1e3) }
    }
}

/// Durations (every unit) as Swift `Duration?`, exact, zero-copy.
///
/// ```swift
/// let elapsed = try DurationArray(column)                   // duration[ms]
/// print(elapsed[0] ?? .zero)
/// ```
public struct DurationArray: RandomAccessCollection, Sendable {
    /// The raw `Int64` values, in `unit`.
    public let storage: PrimitiveArray<Int64>
    /// The unit of the stored values.
    public let unit: TimeUnit

    /// A view of `data`, whose type must be a duration.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when `data` is not a
    ///   duration; `.invalidData` when its buffers are too short.
    /// - Complexity: O(1).
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .duration(let unit) = data.type else {
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as durations")
        }
        self.storage = try PrimitiveArray(storageOf: data)
        self.unit = unit
    }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The array's length.
    public var endIndex: Int { storage.endIndex }

    /// The duration at `i`, or nil when it is null. Traps for `i` outside `indices`.
    /// - Parameter i: Index in `0..<count`.
    public subscript(i: Int) -> Duration? { storage[i].map(unit.duration) }
}

/// time32 and time64 as the `Duration?` since midnight, exact, zero-copy.
///
/// ```swift
/// let times = try TimeOfDayArray(column)                     // time64[us]
/// print(times[0] ?? .zero)
/// ```
public struct TimeOfDayArray: RandomAccessCollection, Sendable {
    /// The array viewed.
    public let data: ArrayData
    /// The unit of the stored values.
    public let unit: TimeUnit
    private let narrow: PrimitiveArray<Int32>?
    private let wide: PrimitiveArray<Int64>?

    /// A view of `data`, whose type must be time32 or time64.
    /// - Parameter data: The array to view.
    /// - Throws: `ArrowError` of kind `.invalidArgument` when `data` is not a time
    ///   of day; `.invalidData` when its buffers are too short.
    /// - Complexity: O(1).
    public init(_ data: ArrayData) throws(ArrowError) {
        switch data.type {
        case .time32(let u):
            unit = u
            narrow = try PrimitiveArray(storageOf: data)
            wide = nil
        case .time64(let u):
            unit = u
            narrow = nil
            wide = try PrimitiveArray(storageOf: data)
        default:
            throw ArrowError(.invalidArgument, "cannot view \(data.type) as times of day")
        }
        self.data = data
    }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The array's length.
    public var endIndex: Int { data.length }

    /// The time since midnight at `i`, or nil when it is null. Traps for `i`
    /// outside `indices`.
    /// - Parameter i: Index in `0..<count`.
    public subscript(i: Int) -> Duration? {
        if let narrow { return narrow[i].map { unit.duration(Int64($0)) } }
        return wide?[i].map(unit.duration)
    }
}
