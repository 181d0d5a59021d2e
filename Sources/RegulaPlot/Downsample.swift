/// Shortens long series for drawing: the points are cut into equal buckets and each
/// bucket keeps its lowest and highest point, in order, so spikes survive (a curve of
/// 10,000 epochs drawn with 2,000 points looks the same at any screen width below that).
public enum Downsample {
    /// Points kept per series by the figure builders.
    public static let maxPoints = 2000

    public static func minMax(_ points: [Point], limit: Int = maxPoints) -> [Point] {
        guard points.count > limit, limit >= 4 else { return points }
        let buckets = limit / 2
        var kept: [Point] = []
        kept.reserveCapacity(limit)
        for bucket in 0..<buckets {
            let start = bucket * points.count / buckets, end = (bucket + 1) * points.count / buckets
            guard start < end else { continue }
            var low = start, high = start
            for i in start..<end {
                // NaN keeps its place: the line must break there as it would have.
                if points[i].y.isNaN { low = i; high = i; break }
                if points[i].y < points[low].y { low = i }
                if points[i].y > points[high].y { high = i }
            }
            kept.append(points[min(low, high)])
            if low != high { kept.append(points[max(low, high)]) }
        }
        return kept
    }
}
