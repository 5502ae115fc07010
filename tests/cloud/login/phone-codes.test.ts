/** Phone codes: one exchange per code; the same user's repeat gets the stored result, anyone else PHONE_CODE_USED. */
import { describe, expect, it } from 'vitest'
import { LOGIN_CODES, claimCode } from '../../../cloud/login/login-codes'
import { exchangePhoneCodeOnce } from '../../../cloud/login/phone-codes'
import { memoryDb, rejection, testEnv } from '../support'

const APPID = 'wx0123456789abcdef'

function setup() {
  const env = testEnv()
  const deps = { db: memoryDb(env.now), env }
  let exchanges = 0
  const exchange = async () => {
    exchanges++
  }
  return { env, deps, exchange, exchanges: () => exchanges }
}

describe('exchangePhoneCodeOnce', () => {
  it('exchanges a code once; the same user’s repeat answers the stored result without asking WeChat', async () => {
    const { deps, exchange, exchanges } = setup()
    expect(await exchangePhoneCodeOnce(deps, APPID, 'pc-1', { userId: 'u1', kind: 'quick' }, exchange)).toEqual({ replayed: false })
    expect(await exchangePhoneCodeOnce(deps, APPID, 'pc-1', { userId: 'u1', kind: 'quick' }, exchange)).toEqual({
      replayed: true,
      result: { userId: 'u1', kind: 'quick' },
    })
    expect(exchanges()).toBe(1)
  })

  it('another user presenting the code gets PHONE_CODE_USED and nothing of the first', async () => {
    const { deps, exchange, exchanges } = setup()
    await exchangePhoneCodeOnce(deps, APPID, 'pc-2', { userId: 'u1', kind: 'realtime' }, exchange)
    const refused = await rejection(exchangePhoneCodeOnce(deps, APPID, 'pc-2', { userId: 'u2', kind: 'quick' }, exchange))
    expect(refused.code).toBe('PHONE_CODE_USED')
    expect(JSON.stringify({ message: refused.message, detail: refused.detail })).not.toContain('u1')
    expect(exchanges()).toBe(1)
  })

  it('a simultaneous repeat waits for the first exchange instead of spending the code twice', async () => {
    const { deps, exchanges } = setup()
    let finish!: () => void
    let calls = 0
    const slow = () => {
      calls++
      return new Promise<void>((resolve) => (finish = resolve))
    }
    const first = exchangePhoneCodeOnce(deps, APPID, 'pc-3', { userId: 'u1', kind: 'quick' }, slow)
    await new Promise((resolve) => setImmediate(resolve))
    const second = exchangePhoneCodeOnce(deps, APPID, 'pc-3', { userId: 'u1', kind: 'quick' }, slow)
    await new Promise((resolve) => setImmediate(resolve))
    finish()
    expect(await first).toEqual({ replayed: false })
    expect((await second).replayed).toBe(true)
    expect(calls).toBe(1)
    expect(exchanges()).toBe(0)
  })

  it('a failed exchange is forgotten, so a retry asks WeChat again', async () => {
    const { deps, exchange, exchanges } = setup()
    const failing = async () => {
      throw Object.assign(new Error('busy'), { code: 'WX_UPSTREAM_BUSY' })
    }
    expect((await rejection(exchangePhoneCodeOnce(deps, APPID, 'pc-4', { userId: 'u1', kind: 'quick' }, failing))).message).toBe('busy')
    expect(await exchangePhoneCodeOnce(deps, APPID, 'pc-4', { userId: 'u1', kind: 'quick' }, exchange)).toEqual({ replayed: false })
    expect(exchanges()).toBe(1)
  })

  it('keeps only a hash of the code, apart from login codes, for the code’s 5 minutes', async () => {
    const { deps, env, exchange, exchanges } = setup()
    await exchangePhoneCodeOnce(deps, APPID, 'the-phone-code', { userId: 'u1', kind: 'quick' }, exchange)
    expect(JSON.stringify((await deps.db.collection(LOGIN_CODES).get()).data)).not.toContain('the-phone-code')
    // The same string as a login code is another entry.
    expect((await claimCode(deps, APPID, 'the-phone-code', undefined)).kind).toBe('claimed')
    env.advance(5 * 60_000)
    expect(await exchangePhoneCodeOnce(deps, APPID, 'the-phone-code', { userId: 'u1', kind: 'quick' }, exchange)).toEqual({ replayed: false })
    expect(exchanges()).toBe(2)
  })
})
