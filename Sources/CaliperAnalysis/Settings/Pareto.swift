/// Which options are worth their cost, on two axes: a score to raise and a cost to lower.
///
/// An option is dominated when another scores at least as high at no more cost, and is strictly
/// better on one of the two; identical options dominate neither each other nor anything.
///
/// ```swift
/// let points = [(score: 0.62, cost: 49.0), (score: 0.70, cost: 120.0), (score: 0.68, cost: 185.0)]
/// Pareto.dominators(of: points)   // [[], [], [1]]: the third costs more and scores less than the second
/// Pareto.frontier(of: points)     // [0, 1], cheapest first
/// ```
public enum Pareto {
    /// For each point, the indices of the points that dominate it; empty for points on the frontier.
    public static func dominators(of points: [(score: Double, cost: Double)]) -> [[Int]] {
        points.indices.map { index in
            let point = points[index]
            return points.indices.filter { other in
                let rival = points[other]
                return rival.score >= point.score && rival.cost <= point.cost
                    && (rival.score > point.score || rival.cost < point.cost)
            }
        }
    }

    /// The points no other dominates, cheapest first (ties: higher score first, then input order).
    public static func frontier(of points: [(score: Double, cost: Double)]) -> [Int] {
        let dominated = dominators(of: points)
        return points.indices.filter { dominated[$0].isEmpty }.sorted {
            (points[$0].cost, -points[$0].score, $0) < (points[$1].cost, -points[$1].score, $1)
        }
    }
}
