import RegulaNN
import RegulaTensor
import XCTest

final class CSVLoaderTests: XCTestCase {
    private func load(
        _ name: String, target: String = "target", features: [String]? = nil,
        task: CSVLoader.TaskChoice = .infer
    ) throws -> Dataset {
        try CSVLoader.load(path: DataFixtures.csv(name), target: target, features: features, task: task, displayName: name)
    }

    private func message(_ kind: DataError.Kind, _ name: String, target: String = "target", features: [String]? = nil) -> String? {
        assertDataError(kind) { try load(name, target: target, features: features) }?.message
    }

    func testQuotedFieldsCRLFBOMAndTrailingBlankLines() throws {
        let data = try load("quoted.csv", target: "label", features: ["size, cm", "id"])
        XCTAssertEqual(data.featureNames, ["size, cm", "id"])
        XCTAssertEqual(data.features.shape, [3, 2])
        XCTAssertEqual(data.features.scalars, [1.5, 1, 2.5, 2, -30, 3])
        XCTAssertEqual(data.targets, [0, 1, 2])
        XCTAssertEqual(data.targetName, "label")
        XCTAssertEqual(data.task, .classification(classes: 3))
    }

    func testTextColumnThatIsNotUsedIsIgnoredButAllColumnsDefaultToFeatures() throws {
        // By default every other column is a feature, so the text column "note" fails...
        let error = assertDataError(.nonNumericCell) { try load("quoted.csv", target: "label") }
        XCTAssertEqual(error?.message, "quoted.csv:2: row 1, column 3 'note': \"plain\" is not a number")
        // A newline inside quotes moves the file line on but not the row.
        let later = assertDataError(.nonNumericCell) {
            try CSVLoader.parse(bytes: Array("t,x,note\n0,1,\"a\nb\"\n1,abc,c\n".utf8), name: "m.csv", target: "t", features: ["x"])
        }
        XCTAssertEqual(later?.message, "m.csv:4: row 2, column 2 'x': \"abc\" is not a number")
    }

    func testFeatureSubsetKeepsTheRequestedOrder() throws {
        let data = try load("iris_head.csv", target: "species", features: ["petal_width", "sepal_length"])
        XCTAssertEqual(data.featureNames, ["petal_width", "sepal_length"])
        XCTAssertEqual(Array(data.features.scalars.prefix(4)), [0.2, 5.1, 0.2, 4.9])
        XCTAssertEqual(data.rows, 8)
        XCTAssertEqual(data.classes, 3)
    }

    func testBlankLinesAnywhereAreSkippedAndLinesStillCount() throws {
        let data = try load("blank_lines.csv", target: "y")
        XCTAssertEqual(data.targets, [0, 1, 1])
        XCTAssertEqual(data.features.scalars, [1, 2, 3])
    }

    func testTaskInferenceAndOverride() throws {
        XCTAssertEqual(try load("fractional_target.csv", target: "y").task, .regression)
        XCTAssertEqual(try load("iris_head.csv", target: "species", task: .regression).task, .regression)
        XCTAssertEqual(try load("iris_head.csv", target: "species", task: .classification).task, .classification(classes: 3))
        let error = assertDataError(.invalidLabel) { try load("fractional_target.csv", target: "y", task: .classification) }
        XCTAssertEqual(error?.message, "fractional_target.csv:3: row 2, column 2 'y': class label 1.5 is not an integer in 0..<100000")
        // Labels print as the number they are, not as Swift's Float (`-1.0`, `1e+09`).
        for (cell, shown) in [("-1", "-1"), ("1000000000", "1000000000")] {
            let bytes = Array("y,x\n0,1\n\(cell),2\n".utf8)
            let message = assertDataError(.invalidLabel) {
                try CSVLoader.parse(bytes: bytes, name: "l.csv", target: "y", task: .classification)
            }?.message
            XCTAssertEqual(message, "l.csv:3: row 2, column 1 'y': class label \(shown) is not an integer in 0..<100000")
        }
    }

    func testTheExampleDataSets() throws {
        let cases: [(file: String, target: String, rows: Int, features: Int, task: Task)] = [
            ("digits.csv", "digit", 1797, 64, .classification(classes: 10)),
            ("diabetes.csv", "progression", 442, 10, .regression),
            ("breast_cancer.csv", "benign", 569, 30, .classification(classes: 2)),
            ("wine.csv", "cultivar", 178, 13, .classification(classes: 3)),
            ("iris.csv", "species", 150, 4, .classification(classes: 3)),
        ]
        for item in cases {
            let data = try CSVLoader.load(path: DataFixtures.example(item.file), target: item.target)
            XCTAssertEqual(data.rows, item.rows, item.file)
            XCTAssertEqual(data.featureCount, item.features, item.file)
            XCTAssertEqual(data.task, item.task, item.file)
            XCTAssertFalse(data.featureNames.contains(item.target), item.file)
        }
    }

    // MARK: - Errors: each names the file, line, row and column

    func testFileErrors() {
        let missing = assertDataError(.fileNotFound) { try CSVLoader.load(path: "/nonexistent/dir/x.csv", target: "t") }
        XCTAssertEqual(missing?.message, "/nonexistent/dir/x.csv: no such file")
        XCTAssertEqual(missing?.localizedDescription, "/nonexistent/dir/x.csv: no such file")
        let directory = assertDataError(.unreadableFile) { try CSVLoader.load(path: DataFixtures.csv(""), target: "t") }
        XCTAssertTrue(directory?.message.hasSuffix("is a directory, not a file") ?? false)
        XCTAssertEqual(message(.emptyFile, "empty.csv"), "empty.csv: the file is empty (a header row is expected)")
        XCTAssertEqual(message(.noRows, "header_only.csv"), "header_only.csv:1: the header has no data rows below it")
    }

    /// No close match: the columns are listed, clipped to the first 8 and the last 2.
    func testUnknownColumnWithoutCloseMatchListsTheColumns() {
        let error = assertDataError(.unknownColumn) {
            try CSVLoader.load(path: DataFixtures.example("breast_cancer.csv"), target: "diagnosis", displayName: "breast_cancer.csv")
        }
        XCTAssertEqual(
            error?.message,
            "breast_cancer.csv:1: no target column named 'diagnosis' (31 columns: mean_radius, mean_texture, mean_perimeter, "
                + "mean_area, mean_smoothness, mean_compactness, mean_concavity, mean_concave_points, …, worst_fractal_dimension, benign)")
        XCTAssertNil(error?.suggestion)
    }

    func testHeaderErrors() {
        XCTAssertEqual(
            message(.duplicateColumn, "duplicate_columns.csv"),
            "duplicate_columns.csv:1: duplicate column name 'a' (columns 1 and 3)")
        let unknown = assertDataError(.unknownColumn) { try load("iris_head.csv", target: "specis") }
        XCTAssertEqual(unknown?.message, "iris_head.csv:1: no target column named 'specis' — did you mean 'species'?")
        XCTAssertEqual(unknown?.suggestion, "species")
        // A host that shows the suggestion on its own line gets the message without it.
        XCTAssertEqual(unknown?.messageWithoutSuggestion, "iris_head.csv:1: no target column named 'specis'")
        XCTAssertEqual(
            message(.unknownColumn, "iris_head.csv", target: "zzz"),
            "iris_head.csv:1: no target column named 'zzz' (columns: sepal_length, sepal_width, petal_length, petal_width, species)")
        XCTAssertEqual(
            message(.unknownColumn, "iris_head.csv", target: "species", features: ["sepal_length", "petal_widht"]),
            "iris_head.csv:1: no feature column named 'petal_widht' — did you mean 'petal_width'?")
        XCTAssertEqual(
            message(.invalidArgument, "iris_head.csv", target: "species", features: ["species"]),
            "iris_head.csv: the target 'species' is also listed among the features")
    }

    func testCellErrors() {
        XCTAssertEqual(message(.raggedRow, "ragged.csv"), "ragged.csv:4: row 3 has 2 fields but the header has 3")
        XCTAssertEqual(message(.nonNumericCell, "non_numeric.csv"), "non_numeric.csv:3: row 2, column 2 'b': \"abc\" is not a number")
        XCTAssertEqual(message(.missingCell, "missing_cell.csv"), "missing_cell.csv:3: row 2, column 2 'b': empty cell (missing value)")
        XCTAssertEqual(
            message(.nonFiniteCell, "nan_cell.csv"),
            "nan_cell.csv:4: row 3, column 1 'a': \"NaN\" is not a finite float32 number (NaN, infinity or too large)")
        XCTAssertEqual(
            message(.nonFiniteCell, "inf_cell.csv"),
            "inf_cell.csv:2: row 1, column 2 'b': \"inf\" is not a finite float32 number (NaN, infinity or too large)")
        let error = assertDataError(.nonNumericCell) { try load("non_numeric.csv") }
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.column, 2)
        XCTAssertEqual(error?.path, "non_numeric.csv")
    }

    func testAnUnnamedColumnIsNamedWhenUsedAndFineWhenNot() throws {
        // A trailing comma on every line used to end in "column 4 '': empty cell".
        let trailing = Array("a,b,t,\n1,2,0,\n3,4,1,\n".utf8)
        let error = assertDataError(.unnamedColumn) { try CSVLoader.parse(bytes: trailing, name: "c.csv", target: "t") }
        XCTAssertEqual(
            error?.message,
            "c.csv:1: column 4 has no name in the header (a trailing comma?); name it, or choose the columns with features:")
        XCTAssertEqual(error?.column, 4)
        // Two unnamed columns are not duplicates, and unused they are no error.
        let chosen = try CSVLoader.parse(bytes: Array("a,,t,\n1,2,0,\n3,4,1,\n".utf8), name: "c.csv", target: "t", features: ["a"])
        XCTAssertEqual(chosen.featureNames, ["a"])
        XCTAssertEqual(chosen.features.scalars, [1, 3])
    }

    func testANULInACellIsNotANumber() {
        // `Float` parses a C string and used to stop at the NUL, reading "2\0junk" as 2.
        let bytes = Array("t,x\n0,1\n1,2".utf8) + [0] + Array("junk\n".utf8)
        let error = assertDataError(.nonNumericCell) { try CSVLoader.parse(bytes: bytes, name: "nul.csv", target: "t") }
        XCTAssertEqual(error?.message, "nul.csv:3: row 2, column 2 'x': \"2\\0junk\" is not a number")
        XCTAssertEqual(error?.column, 2)
    }

    func testHexadecimalIsNotANumber() {
        // Swift's `Float` reads "0x10" as 16; no other CSV reader does.
        let bytes = Array("t,x\n0,1\n1,0x10\n".utf8)
        let error = assertDataError(.nonNumericCell) { try CSVLoader.parse(bytes: bytes, name: "hex.csv", target: "t") }
        XCTAssertEqual(error?.message, "hex.csv:3: row 2, column 2 'x': \"0x10\" is not a number")
        XCTAssertNoThrow(try CSVLoader.parse(bytes: Array("t,x\n0,1e-3\n1,-2.5E+2\n".utf8), name: "e.csv", target: "t"))
    }

    func testQuoteErrors() {
        XCTAssertEqual(
            message(.unterminatedQuote, "unterminated_quote.csv"),
            "unterminated_quote.csv:3: row 2, column 2 'b': the quoted field opened here is never closed")
        XCTAssertEqual(
            message(.malformedQuote, "text_after_quote.csv"),
            "text_after_quote.csv:2: row 1, column 2 'b': unexpected text after the closing quote")
    }

    func testArbitraryBytesNeverTrap() {
        // Hostile inputs: each parses or throws a DataError.
        let inputs: [[UInt8]] = [
            [], [0xEF, 0xBB, 0xBF], Array("\"".utf8), Array("a\n\"".utf8), [0xFF, 0xFE, 0x2C, 0x0A, 0x80],
            Array("t\n1e999999\n".utf8), Array("t,x\n,\n".utf8), Array("t,x\r\r\r1,2\r".utf8),
            Array(repeating: UInt8(ascii: ","), count: 1000),
        ]
        for bytes in inputs {
            do {
                _ = try CSVLoader.parse(bytes: bytes, name: "fuzz.csv", target: "t")
            } catch let error as DataError {
                XCTAssertTrue(error.message.hasPrefix("fuzz.csv"), error.message)
            } catch {
                XCTFail("unexpected error \(error)")
            }
        }
    }

    func testRandomCSVTextNeverTraps() {
        // Random text over CSV's special characters: each parses or throws a DataError.
        let alphabet = Array("t,x\"\n\r 1.5e-\u{FF}".utf8)
        var random = RandomGenerator(seed: 7, stream: .data)
        for _ in 0..<3000 {
            let bytes = Array("t,x\n".utf8) + (0..<random.below(30)).map { _ in alphabet[random.below(alphabet.count)] }
            do {
                let data = try CSVLoader.parse(bytes: bytes, name: "r.csv", target: "t")
                XCTAssertEqual(data.featureCount, 1)
                XCTAssertTrue(data.features.scalars.allSatisfy(\.isFinite))
            } catch let error as DataError {
                XCTAssertEqual(error.path, "r.csv")
            } catch {
                XCTFail("\(error)")
            }
        }
    }
}
