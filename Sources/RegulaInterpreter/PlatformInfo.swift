import Foundation
import RegulaNN
import RegulaTensor

/// The machine a run happened on, for run records: results may differ across CPUs and
/// BLAS kernels, so a record says which ones produced its numbers.
public struct PlatformInfo: Sendable, Equatable {
    /// `uname` system name and release, e.g. `Linux 6.1.0-18-amd64`.
    public var os: String
    public var arch: String
    /// `model name` from /proc/cpuinfo (or `unknown`).
    public var cpu: String
    public var logicalCPUs: Int
    /// OpenBLAS's configuration string and the kernel family it chose.
    public var blas: String
    public var blasCore: String

    /// The platform this process runs on.
    public static func current() -> PlatformInfo {
        var names = utsname()
        uname(&names)
        let system = field(&names.sysname), release = field(&names.release), machine = field(&names.machine)
        return PlatformInfo(
            os: release.isEmpty ? system : system + " " + release, arch: machine, cpu: cpuModel(),
            logicalCPUs: ProcessInfo.processInfo.processorCount,
            blas: BLAS.configuration, blasCore: BLAS.coreName)
    }

    var json: JSONValue {
        .object([
            ("os", .string(os)), ("arch", .string(arch)), ("cpu", .string(cpu)),
            ("logical_cpus", .number(Double(logicalCPUs))),
        ])
    }

    private static func field<T>(_ tuple: inout T) -> String {
        withUnsafeBytes(of: &tuple) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    private static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }
}
