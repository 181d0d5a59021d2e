import RegulaNN

/// Decodes the input as a safetensors file (the reader behind `load(m, path)`); a file
/// that decodes is written again and must decode to the same tensors, and is loaded into
/// a small model as `load` does. Every failure must be a `DataError` or `ModelError` whose
/// message is clipped and free of control characters.
enum SafeTensorsFuzzTarget {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let input = Array(bytes)
        let file: SafeTensorsFile
        do {
            file = try SafeTensors.decode(input, name: "<fuzz>.safetensors")
        } catch let error as DataError {
            FuzzChecks.requireTerminalSafe(error.message)
            return
        } catch {
            FuzzChecks.fail("SafeTensors.decode threw a \(type(of: error)), not a DataError")
            return
        }
        roundTrip(file)
        loadIntoModel(file)
    }

    private static func roundTrip(_ file: SafeTensorsFile) {
        let names = file.tensors.map(\.name)
        guard Set(names.map { Array($0.utf8) }).count == names.count else { FuzzChecks.fail("decoded duplicate tensor names"); return }
        do {
            let again = try SafeTensors.decode(SafeTensors.encode(file.tensors, metadata: file.metadata), name: "<again>")
            guard again.tensors.map(\.name) == names, again.metadata == file.metadata,
                  zip(again.tensors, file.tensors).allSatisfy({ $0.tensor.shape == $1.tensor.shape })
            else { FuzzChecks.fail("a decoded file does not survive encode → decode"); return }
        } catch {
            FuzzChecks.fail("re-encoding a decoded file failed: \(error)")
        }
    }

    private static func loadIntoModel(_ file: SafeTensorsFile) {
        guard var model = try? Model(layers: [.dense(DenseLayer(units: 3, activation: .relu)), .dense(DenseLayer(units: 2))])
        else { return }
        do {
            try model.loadStateDict(file.tensors)
        } catch {
            FuzzChecks.requireTerminalSafe("\(error)")
        }
    }
}
