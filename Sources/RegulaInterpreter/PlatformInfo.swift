import Foundation
import RegulaNN
import RegulaTensor

/// The machine a run happened on, for run records. Regula's results do not depend on it
/// (every kernel path gives the same bits); the record says which path ran all the same.
public struct PlatformInfo: Sendable, Equatable {
    /// `uname` system name and release, e.g. `Linux 6.1.0-18-amd64`.
    public var os: String
    public var arch: String
    /// `model name` from /proc/cpuinfo (or `unknown`).
    public var cpu: String
    public var logicalCPUs: Int
    /// The matrix-product kernel path: `avx512`, `avx2`, `neon` or `scalar`. A record made
    /// before Regula had its own kernels reads as `OpenBLAS <core>` (e.g. `OpenBLAS Haswell`).
    public var kernels: String

    /// The platform this process runs on.
    public static func current() -> PlatformInfo {
        var names = utsname()
        uname(&names)
        let system = field(&names.sysname), release = field(&names.release), machine = field(&names.machine)
        return PlatformInfo(
            os: release.isEmpty ? system : system + " " + release, arch: machine, cpu: cpuModel(),
            logicalCPUs: ProcessInfo.processInfo.processorCount,
            kernels: Kernels.current.rawValue)
    }

    var json: JSONValue {
        .object([
            ("os", .string(os)), ("arch", .string(arch)), ("cpu", .string(cpu)),
            ("logical_cpus", .number(Double(logicalCPUs))), ("kernels", .string(kernels)),
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
