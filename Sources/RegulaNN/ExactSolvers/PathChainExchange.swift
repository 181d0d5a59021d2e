/// How a path's λ-chains (or their failures) travel between processes: every field, the
/// doubles by their bits, so a chain fitted on another process is the chain this one would
/// have fitted.
extension LinearPath {
    static func encode(_ result: Result<Chain, Error>, into writer: inout ExchangeWriter) {
        switch result {
        case .success(let chain):
            writer.uint8(0)
            writer.int(chain.fits.count)
            for fit in chain.fits { encode(fit, into: &writer) }
            writer.doubles(chain.validationLosses)
        case .failure(let failure as Failure):
            writer.uint8(1)
            writer.double(failure.lambda)
            writer.optional(failure.fold) { $0.int($1) }
            writer.uint8(code(failure.status))
        case .failure(let error as ModelError):
            writer.uint8(2)
            let (kind, message): (UInt8, String) = switch error {
            case .invalidLayer(let m): (0, m)
            case .shapeMismatch(let m): (1, m)
            case .stateDict(let m): (2, m)
            case .invalidTargets(let m): (3, m)
            case .invalidConfiguration(let m): (4, m)
            // A function's error cannot cross processes; its message does.
            case .external(let failure): (4, failure.description)
            }
            writer.uint8(kind)
            writer.string(message)
        case .failure(let error):
            writer.uint8(2)
            writer.uint8(4)
            writer.string(String(describing: error))
        }
    }

    static func decodeChain(_ reader: inout ExchangeReader) -> Result<Chain, Error>? {
        switch reader.uint8() {
        case 0:
            guard let count = reader.count() else { return nil }
            var chain = Chain()
            for _ in 0..<count {
                guard let fit = decodeFit(&reader) else { return nil }
                chain.fits.append(fit)
            }
            guard let losses = reader.doubles() else { return nil }
            chain.validationLosses = losses
            return .success(chain)
        case 1:
            guard let lambda = reader.double(), let fold = reader.optional({ $0.int() }), let status = reader.uint8().flatMap(status) else { return nil }
            return .failure(Failure(lambda: lambda, fold: fold, status: status))
        case 2:
            guard let kind = reader.uint8(), let message = reader.string() else { return nil }
            let error: ModelError? = switch kind {
            case 0: .invalidLayer(message)
            case 1: .shapeMismatch(message)
            case 2: .stateDict(message)
            case 3: .invalidTargets(message)
            case 4: .invalidConfiguration(message)
            default: nil
            }
            return error.map { .failure($0) }
        default:
            return nil
        }
    }

    private static func encode(_ fit: LinearFit, into writer: inout ExchangeWriter) {
        let c = fit.coefficients
        writer.int(c.outputs)
        writer.int(c.features)
        writer.doubles(c.weights)
        writer.doubles(c.intercepts)
        writer.uint8(code(fit.status))
        writer.int(fit.passes)
        writer.int(fit.outerSteps)
        writer.double(fit.dataLoss)
        writer.double(fit.penalty)
    }

    private static func decodeFit(_ reader: inout ExchangeReader) -> LinearFit? {
        guard let outputs = reader.int(), let features = reader.int(), let weights = reader.doubles(), let intercepts = reader.doubles(),
              weights.count == outputs * features, intercepts.count == outputs,
              let status = reader.uint8().flatMap(status), let passes = reader.int(), let outerSteps = reader.int(),
              let dataLoss = reader.double(), let penalty = reader.double() else { return nil }
        return LinearFit(coefficients: LinearCoefficients(outputs: outputs, features: features, weights: weights, intercepts: intercepts),
                         status: status, passes: passes, outerSteps: outerSteps, dataLoss: dataLoss, penalty: penalty)
    }

    private static func code(_ status: LinearFitStatus) -> UInt8 {
        switch status {
        case .converged: 0
        case .iterationLimit: 1
        case .diverged: 2
        }
    }

    private static func status(_ code: UInt8) -> LinearFitStatus? {
        switch code {
        case 0: .converged
        case 1: .iterationLimit
        case 2: .diverged
        default: nil
        }
    }
}
