/** Timer triggers: the cron matcher, runTimer, the scheduler and the HTTP control. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { UniCloudRuntime } from '../../../emulators/unicloud'
import { parseCron } from '../../../emulators/unicloud/cron'
import type { ObjectLoader } from '../../../emulators/unicloud/object-loader'
import { TimerScheduler } from '../../../emulators/unicloud/timers'
import { fixtureRuntime } from './support'

const open: UniCloudRuntime[] = []
function start(options: Parameters<typeof fixtureRuntime>[0] = {}) {
  const { runtime } = fixtureRuntime(options)
  open.push(runtime)
  return runtime
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()))
})

const at = (iso: string) => new Date(iso)

describe('parseCron (sec min hour day month weekday year, Beijing time as uniCloud evaluates it)', () => {
  it.each([
    ['* * * * * * *', '2030-01-01T00:00:00+08:00', true],
    ['0 0 2 1 * * *', '2030-03-01T02:00:00+08:00', true],
    ['0 0 2 1 * * *', '2030-03-01T02:00:01+08:00', false],
    ['0 0 2 1 * * *', '2030-03-02T02:00:00+08:00', false],
    ['*/15 * * * * * *', '2030-01-01T00:00:45+08:00', true],
    ['*/15 * * * * * *', '2030-01-01T00:00:46+08:00', false],
    ['5/20 * * * * * *', '2030-01-01T00:00:45+08:00', true],
    ['0 30 9-17 * * MON-FRI *', '2030-01-07T12:30:00+08:00', true],
    ['0 30 9-17 * * MON-FRI *', '2030-01-06T12:30:00+08:00', false],
    ['0 0 0 * * 7 *', '2030-01-06T00:00:00+08:00', true],
    ['0 0 0 * JAN,DEC * *', '2030-12-01T00:00:00+08:00', true],
    ['0 0 0 * JAN,DEC * *', '2030-11-01T00:00:00+08:00', false],
    ['0 0 0 * * * 2031', '2030-01-01T00:00:00+08:00', false],
    ['0 0 0 * * *', '2030-01-01T00:00:00+08:00', true],
  ])('%s at %s → %s', (expression, iso, expected) => {
    expect(parseCron(expression).matches(at(iso))).toBe(expected)
  })

  // Regression: the runtime matched cron in UTC, so a 10:30 trigger fired at 18:30 Beijing time.
  it('fires a 10:30 trigger at 10:30 Beijing time (02:30 UTC), not at 10:30 UTC', () => {
    const daily = parseCron('0 30 10 * * * *')
    expect(daily.matches(at('2030-01-01T02:30:00Z'))).toBe(true)
    expect(daily.matches(at('2030-01-01T10:30:00Z'))).toBe(false)
  })

  it('reads the day in Beijing: 1 March 00:00 Beijing is still 28 February in UTC', () => {
    expect(parseCron('0 0 0 1 * * *').matches(at('2030-02-28T16:00:00Z'))).toBe(true)
  })

  it.each(['* * *', '60 * * * * * *', '* * * * 13 * *', '*/0 * * * * * *', '5-1 * * * * * *', '0 0 0 1 * SUN *'])('refuses %s', (expression) => {
    expect(() => parseCron(expression)).toThrow(/cron/)
  })
})

describe('TimerScheduler', () => {
  function scheduler(clock: { t: number }, config = '*/10 * * * * * *') {
    const fire = vi.fn(async () => undefined)
    const loader = {
      list: () => ['job'],
      readConfig: () => ({ triggers: [{ name: 'every-ten', config }] }),
    } as unknown as ObjectLoader
    return { fire, scheduler: new TimerScheduler({ loader, now: () => clock.t, fire, log: () => undefined }) }
  }

  it('fires each matching second once, and catches up at most one minute', () => {
    const clock = { t: Date.UTC(2030, 0, 1, 0, 0, 9, 500) }
    const { fire, scheduler: s } = scheduler(clock)
    s.tick()
    expect(fire).not.toHaveBeenCalled()
    clock.t += 600 // 00:00:10.100
    s.tick()
    s.tick()
    expect(fire).toHaveBeenCalledTimes(1)
    expect(fire).toHaveBeenCalledWith('job', { name: 'every-ten', config: '*/10 * * * * * *' }, new Date(Date.UTC(2030, 0, 1, 0, 0, 10)))
    clock.t += 3600 * 1000 // an hour later: only the last 60 s are considered → 6 firings
    s.tick()
    expect(fire).toHaveBeenCalledTimes(7)
  })

  it('ignores a malformed expression', () => {
    const clock = { t: Date.UTC(2030, 0, 1) }
    const { fire, scheduler: s } = scheduler(clock, 'not a cron')
    clock.t += 5000
    s.tick()
    expect(fire).not.toHaveBeenCalled()
  })
})

describe('runTimer and runTimers', () => {
  it('runs _timing now, without _before, as source timing', async () => {
    const fixed = Date.UTC(2030, 5, 1, 8, 0, 0)
    const runtime = start({ now: () => fixed })
    expect(await runtime.runTimer('cron-job')).toEqual({ errCode: 0, ran: true })
    const { data } = await runtime.database().collection('timer_runs').get()
    expect(data).toEqual([
      { _id: expect.any(String), source: 'timing', param: { Time: '2030-06-01T08:00:00.000Z', TriggerName: 'manual', Type: 'Timer' } },
    ])
  })

  it('answers Method[_timing] was not found for an object without _timing', async () => {
    const runtime = start()
    expect(await runtime.runTimer('echo')).toEqual({ errCode: 'FUNCTION_NOT_FOUND', errMsg: 'Method[_timing] was not found in index.obj.js' })
  })

  it('runs a timer through POST /__emulator/v1/timers/<name>', async () => {
    const runtime = start()
    const { url } = await runtime.listen(0)
    const res = await fetch(`${url}/__emulator/v1/timers/cron-job`, { method: 'POST' })
    expect(await res.json()).toEqual({ result: { errCode: 0, ran: true } })
  })

  it('fires triggers on their cron when runTimers is on', async () => {
    const runtime = start({ runTimers: true })
    await vi.waitFor(
      async () => {
        const { data } = await runtime.database().collection('timer_runs').get()
        expect(data.length).toBeGreaterThan(0)
        expect(data[0].param).toMatchObject({ TriggerName: 'every-second', Type: 'Timer' })
      },
      { timeout: 3000, interval: 100 },
    )
  })

  it('fires nothing when runTimers is off', async () => {
    const runtime = start()
    await new Promise((r) => setTimeout(r, 1300))
    expect(await runtime.database().collection('timer_runs').count()).toMatchObject({ total: 0 })
  })
})
