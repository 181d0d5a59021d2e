/// A grid of character cells, each a 2 × 4 block of Unicode braille dots (U+2800–U+28FF),
/// so a 70 × 16 cell plot has 140 × 64 dots. Each cell also keeps the colour of the last
/// series that drew in it, and may hold a block character instead (histogram bars).
/// Dot (0, 0) is the top-left corner.
public struct BrailleCanvas {
    public let columns: Int
    public let rows: Int
    private var dots: [UInt8]
    private var colours: [Int?]
    private var blocks: [Character?]

    public init(columns: Int, rows: Int) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        dots = Array(repeating: 0, count: self.columns * self.rows)
        colours = Array(repeating: nil, count: self.columns * self.rows)
        blocks = Array(repeating: nil, count: self.columns * self.rows)
    }

    public var dotWidth: Int { columns * 2 }
    public var dotHeight: Int { rows * 4 }

    /// The bit of dot (column 0–1, row 0–3) within a braille cell.
    static let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets the dot at (x, y); dots outside the grid are ignored.
    public mutating func set(_ x: Int, _ y: Int, colour: Int? = nil) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        dots[cell] |= Self.bits[x % 2][y % 4]
        if let colour { colours[cell] = colour }
    }

    /// A straight line of dots from one dot to another (Bresenham). `pattern` switches dots
    /// on and off along the line (dotted or dashed series when there is no colour); `phase`
    /// carries the pattern across segments. Returns the phase after the line.
    @discardableResult
    public mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), colour: Int? = nil,
                              pattern: [Bool] = [true], phase: Int = 0) -> Int {
        var x = a.x, y = a.y
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var error = dx + dy
        var step = phase
        while true {
            if pattern[step % pattern.count] { set(x, y, colour: colour) }
            step += 1
            if x == b.x && y == b.y { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += sx }
            if doubled <= dx { error += dx; y += sy }
        }
        return step
    }

    /// Puts a block character (a bar) in cell (column, row), replacing its dots.
    public mutating func setBlock(_ character: Character, column: Int, row: Int, colour: Int?) {
        guard column >= 0, row >= 0, column < columns, row < rows else { return }
        blocks[row * columns + column] = character
        if let colour { colours[row * columns + column] = colour }
    }

    /// The character in a cell: its block, its braille dots, or a space.
    public func character(column: Int, row: Int) -> Character {
        let cell = row * columns + column
        if let block = blocks[cell] { return block }
        let bits = dots[cell]
        return bits == 0 ? " " : Character(Unicode.Scalar(0x2800 + UInt32(bits)) ?? " ")
    }

    public func colour(column: Int, row: Int) -> Int? { colours[row * columns + column] }

    /// The rows as plain text, without colour.
    public var lines: [String] {
        (0..<rows).map { row in String((0..<columns).map { character(column: $0, row: row) }) }
    }
}
