import type { EmulatorClock } from './clock'

interface Job {
  id: number
  label: string
  dueAt: number
  run: () => Promise<void>
  timer: ReturnType<typeof setTimeout>
}

const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Deferred work (notify deliveries and retries, refund settlement) due at a
 * business time. Each job fires on a real timer, or earlier when the clock is
 * advanced past it or the queue is flushed; whichever comes first runs it once.
 */
export class Scheduler {
  private readonly jobs = new Map<number, Job>()
  private readonly running = new Set<Promise<void>>()
  private nextId = 1
  private closed = false

  constructor(private readonly clock: EmulatorClock) {}

  /** Run `run` after `delayMs` (already scaled by the caller). */
  schedule(delayMs: number, label: string, run: () => Promise<void>): number {
    if (this.closed) return 0
    const id = this.nextId++
    const delay = Math.max(0, Math.min(MAX_TIMER_MS, Math.round(delayMs)))
    const timer = setTimeout(() => void this.fire(id), delay)
    timer.unref?.()
    this.jobs.set(id, { id, label, dueAt: this.clock.now() + delay, run, timer })
    return id
  }

  /** Pending jobs, earliest first. */
  pending(): { id: number; label: string; dueAt: number }[] {
    return [...this.jobs.values()]
      .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)
      .map(({ id, label, dueAt }) => ({ id, label, dueAt }))
  }

  /**
   * Advance business time by `ms`, running due jobs in time order as fake timers
   * would. The advance is of the offset: the time the jobs take to run does not
   * eat into it (business time ends exactly `ms` further ahead of the base clock).
   */
  async advance(ms: number): Promise<void> {
    const targetOffset = this.clock.offset + ms
    for (;;) {
      const target = this.clock.now() - this.clock.offset + targetOffset
      const next = this.pending().find((job) => job.dueAt <= target)
      if (!next) break
      this.clock.advanceTo(next.dueAt)
      await this.fire(next.id)
    }
    this.clock.advanceOffsetTo(targetOffset)
  }

  /** Run every job pending now (not those they schedule) and wait for all running work. */
  async flush(): Promise<number> {
    const ids = this.pending().map((job) => job.id)
    await Promise.all(ids.map((id) => this.fire(id)))
    await this.idle()
    return ids.length
  }

  /** Wait until no job is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }

  /** Drop every pending job; running ones finish on their own. */
  cancelAll(): void {
    for (const job of this.jobs.values()) clearTimeout(job.timer)
    this.jobs.clear()
  }

  /** Cancel everything and refuse new work. */
  close(): void {
    this.closed = true
    this.cancelAll()
  }

  private async fire(id: number): Promise<void> {
    const job = this.jobs.get(id)
    if (!job) return
    this.jobs.delete(id)
    clearTimeout(job.timer)
    const done = job.run().catch(() => undefined)
    this.running.add(done)
    try {
      await done
    } finally {
      this.running.delete(done)
    }
  }
}
