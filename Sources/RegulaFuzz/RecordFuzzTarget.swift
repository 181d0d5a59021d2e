import RegulaInterpreter
import RegulaNN

/// Reads the input as a run record (`regula verify`'s reader): JSON, then every field
/// verify relies on; a record that reads is compared with itself (no differences
/// allowed) and written back to JSON, which must read back to the same record.
enum RecordFuzzTarget {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let json = try? JSONValue.parse(Array(bytes)) else { return }
        let record: RunRecord
        do {
            record = try RunRecord(json: json)
        } catch {
            FuzzChecks.requireTerminalSafe(error.message)
            return
        }
        let comparison = RecordComparison(recorded: record, now: record)
        if !comparison.differences.isEmpty { FuzzChecks.fail("a record differs from itself: \(comparison.differences[0])") }
        let verifier = RunVerifier(record: record)
        FuzzSink.consume(verifier.scriptName.utf8.count + verifier.editedSources().count)
        do {
            let again = try RunRecord(json: JSONValue.parse(Array(record.json.serialized().utf8)))
            if !RecordComparison(recorded: record, now: again).differences.isEmpty {
                FuzzChecks.fail("a record does not survive write → read")
            }
        } catch {
            FuzzChecks.fail("a record that reads cannot be read again after writing: \(error)")
        }
    }
}
