#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seconds on the monotonic clock: the one timebase of every measured request (start, each chunk,
/// end). Only differences mean anything.
///
/// ```swift
/// let start = MonotonicClock.now()
/// let elapsed = MonotonicClock.now() - start   // seconds, never negative
/// ```
public enum MonotonicClock {
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
