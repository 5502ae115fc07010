/**
 * Small helpers shared by the benchmarks: bounded timing loops (every loop
 * stops at a count AND a time limit, whichever comes first), percentiles,
 * operations per second, and plain-text tables. Speed figures live here and
 * in bench/, never in tests.
 */
import os from 'node:os'
import { performance } from 'node:perf_hooks'

/** What a timing loop measured: one latency per operation (ms) and the wall time of the whole loop. */
export interface Measured {
  /** Per-operation latencies in milliseconds, in completion order. */
  samples: number[]
  /** Wall time of the loop (ms), from the first start to the last finish. */
  elapsedMs: number
}

/** Limits of a timing loop: it stops at whichever comes first. */
export interface Bounds {
  maxCount: number
  maxMs: number
}

/** The p-th percentile (0–100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

/** Operations per second of a loop. */
export function opsPerSecond(m: Measured): number {
  return m.elapsedMs > 0 ? (m.samples.length * 1000) / m.elapsedMs : NaN
}

/** n, p50, p99 (ms) and ops/s of a loop. */
export function summarise(m: Measured): { n: number; p50: number; p99: number; opsPerSecond: number } {
  return { n: m.samples.length, p50: percentile(m.samples, 50), p99: percentile(m.samples, 99), opsPerSecond: opsPerSecond(m) }
}

/** Merge loops of the same work (rounds of a round-robin comparison). */
export function merge(parts: readonly Measured[]): Measured {
  return { samples: parts.flatMap((p) => p.samples), elapsedMs: parts.reduce((sum, p) => sum + p.elapsedMs, 0) }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

/**
 * Run `op(i)` one after another until `maxCount` operations or `maxMs` have
 * passed. Synchronous operations stay synchronous (no await per call).
 */
export async function sequential(op: (i: number) => unknown, bounds: Bounds): Promise<Measured> {
  const samples: number[] = []
  const start = performance.now()
  const deadline = start + bounds.maxMs
  for (let i = 0; i < bounds.maxCount; i++) {
    const t = performance.now()
    if (t >= deadline) break
    const result = op(i)
    if (isThenable(result)) await result
    samples.push(performance.now() - t)
  }
  return { samples, elapsedMs: performance.now() - start }
}

/**
 * Run `op(i)` with `concurrency` operations in flight until `maxCount` have
 * started or `maxMs` have passed (operations in flight then finish and count).
 */
export async function concurrent(op: (i: number) => Promise<unknown>, bounds: Bounds & { concurrency: number }): Promise<Measured> {
  const samples: number[] = []
  const start = performance.now()
  const deadline = start + bounds.maxMs
  let next = 0
  const worker = async () => {
    while (next < bounds.maxCount && performance.now() < deadline) {
      const i = next++
      const t = performance.now()
      await op(i)
      samples.push(performance.now() - t)
    }
  }
  await Promise.all(Array.from({ length: bounds.concurrency }, worker))
  return { samples, elapsedMs: performance.now() - start }
}

/** One contender of a round-robin comparison. */
export interface Contender {
  name: string
  op: (i: number) => unknown
}

/**
 * Measure contenders doing the same work in the same process, interleaved in
 * `rounds` so that warm-up, CPU frequency and GC fall on all of them alike.
 * Each round gives each contender `bounds` (count and time), one operation at
 * a time, or `concurrency` in flight (then `op` must return a promise).
 */
export async function roundRobin(
  contenders: readonly Contender[],
  rounds: number,
  bounds: Bounds & { concurrency?: number; warmup?: number },
): Promise<Map<string, Measured>> {
  const parts = new Map<string, Measured[]>(contenders.map((c) => [c.name, []]))
  const once = (c: Contender) =>
    bounds.concurrency && bounds.concurrency > 1
      ? concurrent((i) => Promise.resolve(c.op(i)), { ...bounds, concurrency: bounds.concurrency })
      : sequential(c.op, bounds)
  // Warm-up, not recorded.
  for (const c of contenders) await sequential(c.op, { maxCount: bounds.warmup ?? 50, maxMs: 500 })
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) parts.get(c.name)?.push(await once(c))
  }
  return new Map([...parts].map(([name, list]) => [name, merge(list)]))
}

/** Milliseconds with a precision that suits their size. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–'
  const size = Math.abs(value)
  if (size < 0.1) return `${(value * 1000).toFixed(1)} µs`
  if (size < 10) return `${value.toFixed(3)} ms`
  return `${value.toFixed(1)} ms`
}

/** Operations per second, rounded. */
export function perSecond(value: number): string {
  if (!Number.isFinite(value)) return '–'
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1)
}

/** Bytes as B / KiB / MiB. */
export function bytes(value: number): string {
  if (value < 1024) return `${value} B`
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KiB`
  return `${(value / 1024 / 1024).toFixed(2)} MiB`
}

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = [headers, ...rows].map((row) => row.map(String))
  const widths = headers.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length)))
  const line = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].map((l) => `  ${l}`).join('\n')
}

/** One line about the machine: figures are only comparable within a run, and noisy when other work runs. */
export function machine(): string {
  const [load] = os.loadavg()
  return `node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, load average ${load.toFixed(2)} at start`
}
