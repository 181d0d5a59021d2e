#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer entry point. One binary holds every target (one instrumented build instead
/// of five); `REGULA_FUZZ_TARGET` chooses which parser the inputs go to: `script` (the
/// default), `csv`, `safetensors`, `record` or `json`. Any crash, trap, sanitizer report
/// or timeout is a bug. See docs/fuzzing.md.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    switch FuzzTargetChoice.current {
    case .script: ScriptFuzzTarget.run(bytes)
    case .csv: CSVFuzzTarget.run(bytes)
    case .safetensors: SafeTensorsFuzzTarget.run(bytes)
    case .record: RecordFuzzTarget.run(bytes)
    case .json: JSONFuzzTarget.run(bytes)
    }
    return 0
}

/// The parser a fuzzing process feeds, read once from the environment.
enum FuzzTargetChoice: String, CaseIterable {
    case script, csv, safetensors, record, json

    static let current: FuzzTargetChoice = {
        guard let raw = getenv("REGULA_FUZZ_TARGET") else { return .script }
        let name = String(cString: raw)
        guard let choice = FuzzTargetChoice(rawValue: name) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            printError("REGULA_FUZZ_TARGET=\(name) is not a target (\(known))")
            exit(2)
        }
        return choice
    }()
}
