/**
 * Mini program login end to end: the built weixinLogin in the local uniCloud
 * runtime against the WeChat emulator.
 */
import { createHmac } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../cloud/shared/database'
import { loginAs } from '../../helpers/login'
import { expectNoSecretLeaked, fault, startLoginStack, wechatCalls, type LoginStack } from './support'

let stack: LoginStack
let db: Database

beforeAll(async () => {
  stack = await startLoginStack()
  db = stack.runtime.database() as unknown as Database
})
afterEach(async () => {
  await stack.control('DELETE', '/faults')
})
afterAll(() => stack.close())

const JSCODE2SESSION = '/sns/jscode2session'

async function usersOf(userKey: string) {
  const { openids } = await stack.control<{ openids: { mp: string } }>('GET', `/users/${userKey}`)
  return (await db.collection<{ _id: string; openid: string }>('wxkit-users').where({ openid: openids.mp }).get()).data
}

describe('login({ code })', () => {
  it('first login: creates the user and answers user, newToken and refreshToken', async () => {
    const before = Date.now()
    const answer = await stack.call('login', [{ code: await stack.code('mia') }])
    expect(answer.errCode).toBe(0)
    expect(Object.keys(answer).sort()).toEqual(['accessToken', 'accessTokenExpired', 'errCode', 'refreshToken', 'refreshTokenExpired', 'user'])
    expect(answer.user).toEqual({ userId: expect.any(String), nickname: '', avatarUrl: '', hasPhone: false })
    expect(answer.accessToken.split('.')).toHaveLength(3)
    expect(answer.accessTokenExpired).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 7200_000)
    expect(answer.refreshTokenExpired).toBeGreaterThan(Date.now() + 29 * 86400_000)
    expect(await usersOf('mia')).toEqual([expect.objectContaining({ _id: answer.user.userId })])
    const me = await stack.call('me', [], answer.accessToken)
    expect(me).toEqual({ errCode: 0, user: answer.user })
  })

  it('stores the current session_key (WeChat’s checksession accepts it), sealed', async () => {
    const { openid } = await loginAs(stack.target, 'sky')
    const mp = stack.creds.apps.mp
    const tokenAnswer = await fetch(`${stack.emulatorUrl}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid: mp.appid, secret: mp.secret, force_refresh: false }),
    }).then((r) => r.json() as Promise<{ access_token: string }>)
    const { readSessionKey } = await import('../../../cloud/login/session-keys')
    const { secretBoxKey } = await import('../../../cloud/shared/secret-box')
    const key = secretBoxKey(String(stack.config['wxkit-login-pay'].sessionKeyEncryptionKey))
    const sessionKey = await readSessionKey({ db, key }, mp.appid, openid)
    expect(sessionKey).toBeTruthy()
    const signature = createHmac('sha256', sessionKey!).update('').digest('hex')
    const check = await fetch(
      `${stack.emulatorUrl}/wxa/checksession?${new URLSearchParams({ access_token: tokenAnswer.access_token, openid, signature, sig_method: 'hmac_sha256' })}`,
    ).then((r) => r.json())
    expect(check).toMatchObject({ errcode: 0 })
    const stored = JSON.stringify((await db.collection('wxkit-session-keys').get()).data)
    expect(stored).not.toContain(sessionKey!)
  })

  it('returning login: the same user, a new session', async () => {
    const first = await stack.call('login', [{ code: await stack.code('noah') }])
    const second = await stack.call('login', [{ code: await stack.code('noah') }])
    expect(second.user.userId).toBe(first.user.userId)
    expect(second.refreshToken).not.toBe(first.refreshToken)
    expect(await usersOf('noah')).toHaveLength(1)
    // both sessions stay valid
    expect((await stack.call('me', [], first.accessToken)).errCode).toBe(0)
    expect((await stack.call('me', [], second.accessToken)).errCode).toBe(0)
  })

  it('the same code twice: a retry with the same idempotency key is answered from the cache; without one, LOGIN_CODE_USED (tests in code-replay.test.ts)', async () => {
    const code = await stack.code('otto')
    const callsBefore = (await wechatCalls(stack, JSCODE2SESSION)).length
    const input = { code, idempotencyKey: 'otto-attempt-0123456789' }
    const first = await stack.call('login', [input])
    const second = await stack.call('login', [input])
    expect(second.errCode).toBe(0)
    expect(second.user).toEqual(first.user)
    expect(second.refreshToken).toBe(first.refreshToken)
    expect((await stack.call('me', [], second.accessToken)).errCode).toBe(0)
    expect(await stack.call('login', [{ code }])).toEqual({ errCode: 'LOGIN_CODE_USED', errMsg: expect.any(String) })
    expect((await wechatCalls(stack, JSCODE2SESSION)).length - callsBefore).toBe(1)
  })

  it('an idempotency key that is not 16–64 base64url characters is PARAM_INVALID', async () => {
    for (const idempotencyKey of ['short', 'x'.repeat(65), 'has space in it 0123', 42]) {
      expect((await stack.call('login', [{ code: 'c', idempotencyKey }])).errCode).toBe('PARAM_INVALID')
    }
  })

  it('an expired code answers WX_CODE_INVALID', async () => {
    const code = await stack.code('quinn')
    await stack.control('POST', '/clock/advance', { seconds: 300 })
    expect(await stack.call('login', [{ code }])).toMatchObject({ errCode: 'WX_CODE_INVALID', detail: { errcode: 40029 } })
  })

  it('an unknown code answers WX_CODE_INVALID; bad input answers PARAM_INVALID', async () => {
    expect((await stack.call('login', [{ code: 'no-such-code' }])).errCode).toBe('WX_CODE_INVALID')
    for (const params of [[], [{}], [{ code: 42 }], [{ code: '' }], [{ code: 'x'.repeat(129) }], [{ code: 'has space' }]]) {
      expect((await stack.call('login', params)).errCode).toBe('PARAM_INVALID')
    }
  })

  it('45011 answers WX_RATE_LIMITED at once, without retrying', async () => {
    const code = await stack.code('rita')
    await fault(stack, `GET ${JSCODE2SESSION}`, 1, { errcode: 45011 })
    const before = (await wechatCalls(stack, JSCODE2SESSION)).length
    expect(await stack.call('login', [{ code }])).toMatchObject({ errCode: 'WX_RATE_LIMITED' })
    expect((await wechatCalls(stack, JSCODE2SESSION)).length - before).toBe(1)
  })

  it('-1 twice: retried with back-off, then logged in', async () => {
    const code = await stack.code('sam')
    await fault(stack, `GET ${JSCODE2SESSION}`, 2, { errcode: -1 })
    const before = (await wechatCalls(stack, JSCODE2SESSION)).length
    const started = Date.now()
    const answer = await stack.call('login', [{ code }])
    expect(answer.errCode).toBe(0)
    const calls = (await wechatCalls(stack, JSCODE2SESSION)).slice(before)
    expect(calls.map((c) => c.errcode ?? 0)).toEqual([-1, -1, 0])
    // back-off: at least half of 200 ms, then half of 400 ms
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })

  it('-1 every time: WX_UPSTREAM_BUSY after bounded retries; the unspent code works afterwards', async () => {
    const code = await stack.code('tia')
    await fault(stack, `GET ${JSCODE2SESSION}`, 3, { errcode: -1 })
    const before = (await wechatCalls(stack, JSCODE2SESSION)).length
    expect((await stack.call('login', [{ code }])).errCode).toBe('WX_UPSTREAM_BUSY')
    expect((await wechatCalls(stack, JSCODE2SESSION)).length - before).toBe(3)
    expect((await stack.call('login', [{ code }])).errCode).toBe(0)
  })

  it('40226 answers WX_USER_BLOCKED', async () => {
    const code = await stack.code('uwe')
    await fault(stack, `GET ${JSCODE2SESSION}`, 1, { errcode: 40226 })
    expect((await stack.call('login', [{ code }])).errCode).toBe('WX_USER_BLOCKED')
    expect(await usersOf('uwe')).toHaveLength(0)
  })

  it('50 concurrent first logins make exactly one user', async () => {
    const codes = await Promise.all(Array.from({ length: 50 }, () => stack.code('crowd')))
    const answers = await Promise.all(codes.map((code) => stack.call('login', [{ code }])))
    expect(answers.filter((a) => a.errCode !== 0)).toEqual([])
    expect(new Set(answers.map((a) => a.user.userId)).size).toBe(1)
    expect(await usersOf('crowd')).toHaveLength(1)
    const sessions = await db.collection('wxkit-sessions').where({ userId: answers[0].user.userId, status: 'active' }).count()
    expect(sessions.total).toBe(50)
  })

  it('no answer or log line carried a session_key, appsecret, access_token or key', async () => {
    await expectNoSecretLeaked(stack, { sessionKeys: true })
  })
})
