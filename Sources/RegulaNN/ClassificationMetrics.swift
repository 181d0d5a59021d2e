/// The classification scores a practitioner compares models with, defined as
/// scikit-learn's defaults define them:
///
/// - `confusion[i][j]`: rows whose true class is `i` and predicted class is `j`
///   (`confusion_matrix`);
/// - `precision`, `recall`, `f1`: macro averages (`average="macro"`) over the classes that
///   occur in the truth or in the predictions, a per-class ratio with a zero denominator
///   counting as 0 (`zero_division`'s default); per class `f1 = 2·tp/(2·tp + fp + fn)`;
/// - `auc` (two classes): the area under the ROC curve of the positive class's score, ties
///   counted as halves (`roc_auc_score`); nil when the truth has only one class.
public struct ClassificationMetrics: Sendable, Equatable {
    public var confusion: [[Int]]
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var auc: Double?

    /// `truth` and `predicted` hold class indices in `0..<classes`; `scores` (two classes
    /// only) any increasing function of the positive class's probability.
    public init(truth: [Int], predicted: [Int], classes: Int, scores: [Double]? = nil) {
        var confusion = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        for (t, p) in zip(truth, predicted) where t >= 0 && t < classes && p >= 0 && p < classes {
            confusion[t][p] += 1
        }
        self.confusion = confusion
        var precisionSum = 0.0, recallSum = 0.0, f1Sum = 0.0, present = 0
        for c in 0..<classes {
            let tp = confusion[c][c]
            let actual = confusion[c].reduce(0, +)
            let predictedCount = confusion.reduce(0) { $0 + $1[c] }
            guard actual > 0 || predictedCount > 0 else { continue }
            present += 1
            precisionSum += predictedCount > 0 ? Double(tp) / Double(predictedCount) : 0
            recallSum += actual > 0 ? Double(tp) / Double(actual) : 0
            f1Sum += 2 * Double(tp) / Double(actual + predictedCount)
        }
        let n = Double(Swift.max(present, 1))
        precision = precisionSum / n
        recall = recallSum / n
        f1 = f1Sum / n
        auc = scores.flatMap { Self.rocAUC(truth: truth, scores: $0) }
    }

    /// The Mann–Whitney form of the ROC AUC: the probability that a random positive scores
    /// above a random negative, a tie counting ½ (average ranks) — what scikit-learn's
    /// trapezoids over the tie-collapsed ROC curve compute.
    static func rocAUC(truth: [Int], scores: [Double]) -> Double? {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        let positives = truth.filter { $0 == 1 }.count, negatives = truth.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        var rankSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where truth[order[k]] == 1 { rankSum += averageRank }
            i = j + 1
        }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }
}
