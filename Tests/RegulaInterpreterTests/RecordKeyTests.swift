import RegulaInterpreter
import RegulaNN
import XCTest

/// Issue 12: a run record's keys compare as bytes everywhere (the JSON reader, verify's
/// comparison): "é" and "e" + U+0301 are two members, and a record equals itself.
final class RecordKeyTests: XCTestCase {
    private let text = """
        {"schema": 1, "regula_version": "0.1.0", "invocation": {"seed": null, "threads": 1, "params": {}}, "seed": null,
         "working_directory": "/w", "params": [],
         "script": {"path": "s.reg", "resolved_path": "/w/s.reg", "sha256": "x", "text": ""},
         "imports": [], "files": [], "written": [],
         "train": [{"\u{E9}": 1, "e\u{301}": 2}],
         "output": "", "status": "succeeded"}
        """

    func testLookAlikeKeysAreTwoMembersAndARecordEqualsItself() throws {
        let record = try RunRecord(json: JSONValue.parse(Array(text.utf8)))
        XCTAssertEqual(RecordComparison(recorded: record, now: record).differences, [])
    }
}
