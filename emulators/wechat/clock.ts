/**
 * The emulator's two clocks. Business time (code, token, order and refund
 * lifetimes, success_time) is the base clock plus an offset tests can advance;
 * wall time (signature timestamps and their 300 s window) stays on the base
 * clock, because the merchant's own clock does not move with the emulator's.
 */
export class EmulatorClock {
  private offsetMs = 0

  constructor(private readonly base: () => number = Date.now) {}

  /** Business time in ms. */
  now(): number {
    return this.base() + this.offsetMs
  }

  /** Business time in whole seconds. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000)
  }

  /** Wall time in whole seconds, for signature timestamps. */
  wallSeconds(): number {
    return Math.floor(this.base() / 1000)
  }

  /** Move business time forward to at least `ms` (never backwards). */
  advanceTo(ms: number): void {
    const delta = ms - this.now()
    if (delta > 0) this.offsetMs += delta
  }

  /** Keep business time at least `offsetMs` ahead of the base clock (never backwards). */
  advanceOffsetTo(offsetMs: number): void {
    if (offsetMs > this.offsetMs) this.offsetMs = offsetMs
  }

  /** How far business time is ahead of the base clock. */
  get offset(): number {
    return this.offsetMs
  }

  /** Back to the base clock. */
  reset(): void {
    this.offsetMs = 0
  }
}

/** RFC 3339 in Beijing time, the form WeChat Pay uses: 2018-06-08T10:34:56+08:00. */
export function formatBeijingTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00'
}

/** The Beijing calendar day of a time, for daily quotas. */
export function beijingDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
}
