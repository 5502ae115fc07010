/** Login rate limits end to end: per openid (60/min) and per client IP (300/min), counted in the database. */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEFAULT_LOGIN_LIMITS } from '../../../cloud/login/weixin-login'
import type { Database } from '../../../cloud/shared/database'
import { expectNoSecretLeaked, startLoginStack, wechatCalls, type LoginStack } from './support'

let stack: LoginStack

beforeAll(async () => {
  stack = await startLoginStack()
  // The windows are whole minutes: start early in one so the test does not straddle two.
  const left = 60_000 - (Date.now() % 60_000)
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50))
}, 30_000)
afterAll(() => stack.close())

/** Run `tasks` with at most `width` in flight. */
async function inBatches<T>(tasks: Array<() => Promise<T>>, width = 20): Promise<T[]> {
  const results: T[] = []
  for (let i = 0; i < tasks.length; i += width) results.push(...(await Promise.all(tasks.slice(i, i + width).map((t) => t()))))
  return results
}

it('one openid: the logins over its limit answer RATE_LIMITED', async () => {
  const { limit } = DEFAULT_LOGIN_LIMITS.perOpenid
  const codes = await Promise.all(Array.from({ length: limit + 2 }, () => stack.code('hammer')))
  const answers = await inBatches(codes.map((code) => () => stack.call('login', [{ code }])))
  expect(answers.filter((a) => a.errCode === 0)).toHaveLength(limit)
  const refused = answers.filter((a) => a.errCode === 'RATE_LIMITED')
  expect(refused).toHaveLength(2)
  expect(refused[0].detail.retryAfterSeconds).toBeGreaterThan(0)
})

it('one client IP: the requests over its limit are refused before WeChat is asked', async () => {
  const { limit } = DEFAULT_LOGIN_LIMITS.perIp
  const used = DEFAULT_LOGIN_LIMITS.perOpenid.limit + 2
  const answers = await inBatches(Array.from({ length: limit - used }, (_, i) => () => stack.call('login', [{ code: `bogus-${i}` }])))
  expect(answers.every((a) => a.errCode === 'WX_CODE_INVALID')).toBe(true)
  const callsBefore = (await wechatCalls(stack, '/sns/jscode2session')).length
  const over = await stack.call('login', [{ code: await stack.code('innocent') }])
  expect(over.errCode).toBe('RATE_LIMITED')
  expect((await wechatCalls(stack, '/sns/jscode2session')).length).toBe(callsBefore)
})

it('the daily timer purges ended windows, expired code entries and long-ended sessions, nothing live', async () => {
  const db = stack.runtime.database() as unknown as Database
  const long = Date.now() - 30 * 86400_000
  await db.collection('wxkit-rate-limits').add({ _id: 'old-window', rule: 'login-ip', count: 3, expiresAt: long })
  await db.collection('wxkit-login-codes').add({ _id: 'old-code', status: 'done', owner: 'x', leaseUntil: 0, expiresAt: long })
  await db.collection('wxkit-sessions').add({ _id: 'old-session', userId: 'u', appid: 'a', status: 'revoked', generation: 0, salt: 's', createdAt: long, rotatedAt: long, refreshExpiresAt: long })
  const counts = async () =>
    Promise.all(['wxkit-rate-limits', 'wxkit-login-codes', 'wxkit-sessions'].map(async (name) => (await db.collection(name).count()).total))
  const before = await counts()
  await stack.runtime.runTimer('weixinLogin')
  expect(await counts()).toEqual(before.map((n) => n - 1))
  expect((await db.collection('wxkit-rate-limits').where({ _id: 'old-window' }).count()).total).toBe(0)
})

it('no answer or log line carried a secret', async () => {
  await expectNoSecretLeaked(stack, { sessionKeys: true })
})
