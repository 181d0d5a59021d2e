/// The terminal cells a text takes (an East Asian wide character or an emoji 2, a
/// combining mark 0, others 1), for lining up columns of names written in any script.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + DisplayLine.cells($1) }
    }
}
