// The core's fused multiply-add peak, measured by a loop that only touches registers.
#ifndef REGULA_PEAK_PROBE_H
#define REGULA_PEAK_PROBE_H

/// Runs `iterations` rounds of independent FMA chains (enough to cover the latency on
/// both FMA pipes) of 512-bit (`width` 16) or 256-bit (`width` 8) vectors; returns the
/// flops done (2 per lane per FMA), or 0 when the CPU lacks the instructions.
double regula_fma_probe(int width, long iterations);

#endif
