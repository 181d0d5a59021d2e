// W5, Regula's side: the elastic-net path (ρ = 0.5, the given 100-λ grid) through
// RegulaNN's `LinearPath` on one thread, and the same with 10-fold cross-validation on
// the given folds. Prints "<set> <task> <median seconds>" per task and writes the path's
// coefficients (`<set>.<TAG>.coef`, one row per λ: intercept then weights).
// usage: RegulaPathBench DATADIR SET REPEATS TOL [TAG (default regula)]
import Foundation
import RegulaNN

let arguments = CommandLine.arguments
guard arguments.count == 5 || arguments.count == 6, let repeats = Int(arguments[3]), let tolerance = Double(arguments[4]) else {
    FileHandle.standardError.write("usage: RegulaPathBench DATADIR SET REPEATS TOL [TAG]\n".data(using: .utf8) ?? Data())
    exit(2)
}
let tag = arguments.count == 6 ? arguments[5] : "regula"
let directory = URL(fileURLWithPath: arguments[1]), name = arguments[2]

func lines(_ suffix: String) throws -> [Double] {
    try String(contentsOf: directory.appendingPathComponent(name + suffix), encoding: .utf8)
        .split(whereSeparator: \.isNewline).compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
}

let data = try CSVLoader.load(path: directory.appendingPathComponent(name + ".csv").path, target: "y", task: .regression)
let lambdas = try lines(".lambdas")
let foldOf = try lines(".folds").map { Int($0) }
let folds = (0..<10).map { f in
    KFold.Fold(train: foldOf.indices.filter { foldOf[$0] != f }, validation: foldOf.indices.filter { foldOf[$0] == f })
}
let penalty = Penalty.elasticNet(alpha: 1, l1Ratio: 0.5)
let settings = LinearSolverSettings(tolerance: tolerance)

func wall() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

func median(_ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = wall()
        try body()
        times.append(wall() - start)
    }
    return times.sorted()[times.count / 2]
}

var result: RegularizationPath?
let pathSeconds = try median {
    result = try LinearPath.run(data: data, loss: .mse, outputs: 1, fitsIntercept: true, penalty: penalty, lambdas: lambdas,
                                folds: [], settings: settings, work: IndependentWork(threads: 1))
}
print(name, "path", pathSeconds)
if let coefficients = result?.coefficients {
    let text = coefficients.map { c in ([c.intercepts[0]] + c.weights).map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n")
    try text.write(to: directory.appendingPathComponent("\(name).\(tag).coef"), atomically: true, encoding: .utf8)
}
let cvSeconds = try median {
    _ = try LinearPath.run(data: data, loss: .mse, outputs: 1, fitsIntercept: true, penalty: penalty, lambdas: lambdas,
                           folds: folds, settings: settings, work: IndependentWork(threads: 1))
}
print(name, "cv", cvSeconds)
