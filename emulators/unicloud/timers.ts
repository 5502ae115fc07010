/**
 * Timer triggers: every second of the runtime clock, each object's
 * `cloudfunction-config.triggers` of type timer are matched and `_timing` runs
 * for those that fire. Off unless `runTimers` is set; `runTimer(name)` runs one
 * at once either way.
 */
import { parseCron, type CronSchedule } from './cron'
import type { ObjectLoader, TimerTrigger } from './object-loader'

export interface TimerSchedulerOptions {
  loader: ObjectLoader
  now: () => number
  fire(name: string, trigger: TimerTrigger, at: Date): Promise<unknown>
  log: (line: string) => void
}

// A clock that jumps far ahead (an injected test clock) fires the last minute, not every second skipped.
const MAX_CATCH_UP_SECONDS = 60

/** Polls the clock and fires matching timer triggers. */
export class TimerScheduler {
  private interval: NodeJS.Timeout | undefined
  private lastSecond: number | undefined
  private readonly schedules = new Map<string, CronSchedule | null>()

  constructor(private readonly options: TimerSchedulerOptions) {}

  /** Start polling (idempotent). */
  start(): void {
    if (this.interval) return
    this.lastSecond = Math.floor(this.options.now() / 1000) - 1
    this.interval = setInterval(() => this.tick(), 200)
    this.interval.unref()
  }

  /** Stop polling. */
  stop(): void {
    clearInterval(this.interval)
    this.interval = undefined
  }

  /** Fire every trigger due since the last tick. */
  tick(): void {
    const current = Math.floor(this.options.now() / 1000)
    const last = this.lastSecond ?? current - 1
    if (current <= last) return
    this.lastSecond = current
    const from = Math.max(last + 1, current - MAX_CATCH_UP_SECONDS + 1)
    const objects = this.options.loader.list().flatMap((name) => this.options.loader.readConfig(name).triggers.map((t) => ({ name, trigger: t })))
    for (let second = from; second <= current; second++) {
      const at = new Date(second * 1000)
      for (const { name, trigger } of objects) {
        const schedule = this.schedule(name, trigger)
        if (!schedule?.matches(at)) continue
        this.options.fire(name, trigger, at).catch((error: Error) => {
          this.options.log(`[cloud:${name}] timer ${trigger.name} failed: ${error.message}`)
        })
      }
    }
  }

  private schedule(name: string, trigger: TimerTrigger): CronSchedule | null {
    const cached = this.schedules.get(trigger.config)
    if (cached !== undefined) return cached
    let schedule: CronSchedule | null = null
    try {
      schedule = parseCron(trigger.config)
    } catch (error) {
      this.options.log(`[cloud:${name}] timer ${trigger.name} ignored: ${(error as Error).message}`)
    }
    this.schedules.set(trigger.config, schedule)
    return schedule
  }
}
