import RegulaNN

/// Parses the input with `JSONValue.parse` (safetensors headers, run records); a document
/// that parses is serialized and must parse back to an equal value.
enum JSONFuzzTarget {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(Array(bytes))
        } catch {
            if error.offset < 0 || error.offset > bytes.count { FuzzChecks.fail("error offset \(error.offset) outside the input") }
            return
        }
        do {
            let again = try JSONValue.parse(Array(value.serialized().utf8))
            if again != value { FuzzChecks.fail("serialize → parse changed the value") }
        } catch {
            FuzzChecks.fail("a serialized value does not parse: \(error.message)")
        }
    }
}
