import { describe, expect, it } from 'vitest'
import { EmulatorClock } from '../../../emulators/wechat/clock'
import { Scheduler } from '../../../emulators/wechat/scheduler'

describe('the emulator scheduler', () => {
  // Regression: advance() aimed at "now + ms" read at its start, so the wall time that passed
  // while it ran came off the advance (CI saw an offset of 3 599 999 after advancing one hour).
  it('advances business time by exactly what was asked, however long the advance takes', async () => {
    let base = 1_000_000
    const clock = new EmulatorClock(() => base++)
    const scheduler = new Scheduler(clock)
    await scheduler.advance(3_600_000)
    expect(clock.offset).toBe(3_600_000)
    await scheduler.advance(1000)
    expect(clock.offset).toBe(3_601_000)
    scheduler.close()
  })

  it('runs the jobs due within the advance in time order, at their due times, and leaves later ones', async () => {
    let base = 0
    const clock = new EmulatorClock(() => base)
    const scheduler = new Scheduler(clock)
    const ran: Array<[string, number]> = []
    scheduler.schedule(20_000, 'second', async () => void ran.push(['second', clock.now()]))
    scheduler.schedule(10_000, 'first', async () => {
      ran.push(['first', clock.now()])
      base += 5 // the job takes wall time
    })
    scheduler.schedule(90_000, 'later', async () => void ran.push(['later', clock.now()]))
    await scheduler.advance(60_000)
    expect(ran).toEqual([
      ['first', 10_000],
      ['second', 20_000],
    ])
    expect(clock.offset).toBe(60_000)
    expect(scheduler.pending().map((job) => job.label)).toEqual(['later'])
    scheduler.close()
  })
})
