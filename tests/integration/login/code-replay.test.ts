/**
 * Regression: a used login code opened the first user's session for anyone,
 * for 5 minutes (another IP, device or platform got a fresh access token and
 * the session's current refresh token). For weixinLogin.login and loginByOAuth
 * alike: only the same client's retry of the same call (same idempotency key,
 * address, user agent, platform, app and device) gets the same login, and
 * only while the session is where that login left it; anyone else gets
 * LOGIN_CODE_USED and nothing of the session.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoSecretLeaked, PHONE, startLoginStack, wechatCalls, type Answer, type LoginStack, type TestClient } from './support'

let stack: LoginStack

beforeAll(async () => {
  stack = await startLoginStack()
})
afterAll(() => stack.close())

const newKey = () => randomBytes(16).toString('base64url')

/** A login flow: a fresh code's call input, and the WeChat endpoint that exchanges it. */
interface Flow {
  name: string
  exchangePath: string
  client: TestClient
  fresh(user: string): Promise<{ code: string; state?: string }>
}

const BROWSER: TestClient = {
  clientIP: '198.51.100.20',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0',
  clientInfo: { uniPlatform: 'web', appId: '__UNI__WXKIT01', deviceId: 'browser-device-1' },
}

const FLOWS: Flow[] = [
  {
    name: 'login',
    exchangePath: '/sns/jscode2session',
    client: PHONE,
    fresh: async (user) => ({ code: await stack.code(user) }),
  },
  {
    name: 'loginByOAuth',
    exchangePath: '/sns/oauth2/access_token',
    client: BROWSER,
    async fresh(user) {
      const answer = await stack.callAs(BROWSER, 'getOAuthUrl', [{ scope: 'snsapi_login', redirect: 'http://127.0.0.1:5173/' }])
      const state = new URL(answer.url).searchParams.get('state')!
      const { code } = await stack.control<{ code: string }>('POST', '/oauth/code', { user, appid: stack.creds.apps.website.appid, scope: 'snsapi_login' })
      return { code, state }
    },
  },
]

/** The refusal: a stable code and nothing else, none of the session's ids or tokens. */
function expectRefused(answer: Answer, first: Answer): void {
  expect(answer).toEqual({ errCode: 'LOGIN_CODE_USED', errMsg: expect.any(String) })
  const text = JSON.stringify(answer)
  const sessionId = String(first.refreshToken).split('.')[0]
  for (const secret of [first.user.userId, sessionId, first.refreshToken, first.accessToken]) expect(text).not.toContain(secret)
}

for (const flow of FLOWS) {
  describe(`${flow.name}: a used code`, () => {
    const call = (client: TestClient, input: { code: string }) => stack.callAs(client, flow.name, [input])

    it('the same client’s retry (same idempotency key) gets the same user and session; WeChat is asked once', async () => {
      const input = { ...(await flow.fresh(`${flow.name}-retry`)), idempotencyKey: newKey() }
      const before = (await wechatCalls(stack, flow.exchangePath)).length
      const first = await call(flow.client, input)
      const retry = await call(flow.client, input)
      expect(first.errCode).toBe(0)
      expect(retry.errCode).toBe(0)
      expect(retry.user).toEqual(first.user)
      expect(retry.refreshToken).toBe(first.refreshToken)
      expect((await stack.call('me', [], retry.accessToken)).errCode).toBe(0)
      expect((await wechatCalls(stack, flow.exchangePath)).length - before).toBe(1)
    })

    it('five copies of one attempt at once: one exchange with WeChat, one session, five equal answers', async () => {
      const input = { ...(await flow.fresh(`${flow.name}-burst`)), idempotencyKey: newKey() }
      const before = (await wechatCalls(stack, flow.exchangePath)).length
      const answers = await Promise.all(Array.from({ length: 5 }, () => call(flow.client, input)))
      expect(answers.map((a) => a.errCode)).toEqual([0, 0, 0, 0, 0])
      expect(new Set(answers.map((a) => a.refreshToken)).size).toBe(1)
      expect((await wechatCalls(stack, flow.exchangePath)).length - before).toBe(1)
    })

    it('from another IP, device, platform, user agent or app, with another key or none: LOGIN_CODE_USED, nothing of the session', async () => {
      const input = { ...(await flow.fresh(`${flow.name}-victim`)), idempotencyKey: newKey() }
      const first = await call(flow.client, input)
      expect(first.errCode).toBe(0)
      const c = flow.client
      const others: Array<[string, TestClient, Record<string, string | undefined>]> = [
        ['another IP', { ...c, clientIP: '192.0.2.66' }, input],
        ['another device', { ...c, clientInfo: { ...c.clientInfo, deviceId: 'attacker-device' } }, input],
        ['another platform', { ...c, clientInfo: { ...c.clientInfo, uniPlatform: c.clientInfo.uniPlatform === 'web' ? 'mp-weixin' : 'web' } }, input],
        ['another user agent', { ...c, userAgent: 'curl/8.5.0' }, input],
        ['another app', { ...c, clientInfo: { ...c.clientInfo, appId: '__UNI__OTHER01' } }, input],
        ['another key', c, { ...input, idempotencyKey: newKey() }],
        ['no key', c, { ...input, idempotencyKey: undefined }],
      ]
      for (const [what, client, params] of others) {
        const answer = await stack.callAs(client, flow.name, [params])
        expect(answer.errCode, what).toBe('LOGIN_CODE_USED')
        expectRefused(answer, first)
      }
      // The owner's own retry still works: the refusals touched nothing.
      expect((await call(flow.client, input)).refreshToken).toBe(first.refreshToken)
    })

    it('after the session rotated (a refresh) the retry is refused: a rotated refresh token is never handed out again', async () => {
      const input = { ...(await flow.fresh(`${flow.name}-rotated`)), idempotencyKey: newKey() }
      const first = await call(flow.client, input)
      const refreshed = await stack.call('refreshToken', [{ refreshToken: first.refreshToken }])
      expect(refreshed.errCode).toBe(0)
      const retry = await call(flow.client, input)
      expectRefused(retry, first)
      expect(JSON.stringify(retry)).not.toContain(refreshed.refreshToken)
      // The session lives on for its owner.
      expect((await stack.call('me', [], refreshed.accessToken)).errCode).toBe(0)
    })

    it('after logout the retry is refused', async () => {
      const input = { ...(await flow.fresh(`${flow.name}-logout`)), idempotencyKey: newKey() }
      const first = await call(flow.client, input)
      expect((await stack.call('logout', [], first.accessToken)).errCode).toBe(0)
      expectRefused(await call(flow.client, input), first)
    })

    it('a call without a key is never replayed, not even to its own sender', async () => {
      const input = await flow.fresh(`${flow.name}-keyless`)
      const first = await call(flow.client, input)
      expect(first.errCode).toBe(0)
      expectRefused(await call(flow.client, input), first)
    })

    it('the cache entry holds no code, key, address or token', async () => {
      const key = newKey()
      const input = { ...(await flow.fresh(`${flow.name}-stored`)), idempotencyKey: key }
      const first = await call(flow.client, input)
      const stored = JSON.stringify((await stack.runtime.database().collection('wxkit-login-codes').limit(1000).get()).data)
      for (const value of [input.code, key, flow.client.clientIP, first.refreshToken, first.accessToken]) expect(stored).not.toContain(value)
    })
  })
}

it('a refused replay is logged without the code or the address; no secret leaked anywhere', async () => {
  expect(stack.logs.some((line) => line.includes('a used login code was presented again'))).toBe(true)
  for (const line of stack.logs.filter((l) => l.includes('presented again'))) {
    expect(line).not.toContain(PHONE.clientIP)
    expect(line).not.toContain(BROWSER.clientIP)
  }
  await expectNoSecretLeaked(stack)
})
