/**
 * weixinLogin.decryptData end to end: WeRun data sealed by the WeChat emulator
 * under the session_key it issued, opened by the built cloud object with the
 * session_key it stored at login.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginAs, type LoggedInUser } from '../../helpers/login'
import { expectNoSecretLeaked, startLoginStack, type LoginStack } from './support'

let stack: LoginStack

beforeAll(async () => {
  stack = await startLoginStack()
})
afterAll(() => stack.close())

/** wx.getWeRunData as the phone answers it (the emulator seals under the user's current session_key). */
async function weRunData(user: LoggedInUser, extra: Record<string, unknown> = {}): Promise<{ encryptedData: string; iv: string }> {
  const { encryptedData, iv } = await stack.control<{ encryptedData: string; iv: string }>('POST', '/werun/data', { user: user.userKey, ...extra })
  return { encryptedData, iv }
}

describe('decryptData({ encryptedData, iv, kind: "werun" })', () => {
  it('round-trips WeRun data: answers stepInfoList only', async () => {
    const user = await loginAs(stack.target, 'walt')
    const stepInfoList = [
      { timestamp: 1_700_000_000, step: 8123 },
      { timestamp: 1_700_086_400, step: 120 },
    ]
    const answer = await stack.call('decryptData', [{ ...(await weRunData(user, { stepInfoList })), kind: 'werun' }], user.token)
    expect(answer).toEqual({ errCode: 0, stepInfoList })
  })

  it('answers the 31 days the phone gives, today last', async () => {
    const user = await loginAs(stack.target, 'wendy')
    const answer = await stack.call('decryptData', [{ ...(await weRunData(user)), kind: 'werun' }], user.token)
    expect(answer.errCode).toBe(0)
    expect(answer.stepInfoList).toHaveLength(31)
    expect(Date.now() / 1000 - answer.stepInfoList[30].timestamp).toBeLessThan(86400)
  })

  it('data sealed before a second login is SESSION_KEY_STALE; data fetched after it opens', async () => {
    const user = await loginAs(stack.target, 'wanda')
    const before = await weRunData(user)
    const again = await loginAs(stack.target, 'wanda')
    const stale = await stack.call('decryptData', [{ ...before, kind: 'werun' }], again.token)
    expect(stale.errCode).toBe('SESSION_KEY_STALE')
    const fresh = await stack.call('decryptData', [{ ...(await weRunData(again)), kind: 'werun' }], again.token)
    expect(fresh.errCode).toBe(0)
  })

  it("refuses another mini program's watermark (OPEN_DATA_INVALID) and an old one (OPEN_DATA_EXPIRED)", async () => {
    const user = await loginAs(stack.target, 'wilma')
    const foreign = await weRunData(user, { watermark: { appid: 'wx00000000000000ff' } })
    expect((await stack.call('decryptData', [{ ...foreign, kind: 'werun' }], user.token)).errCode).toBe('OPEN_DATA_INVALID')
    const old = await weRunData(user, { watermark: { timestamp: Math.floor(Date.now() / 1000) - 3600 } })
    expect((await stack.call('decryptData', [{ ...old, kind: 'werun' }], user.token)).errCode).toBe('OPEN_DATA_EXPIRED')
  })

  it('a user with no mini-program login (official account only) gets SESSION_KEY_STALE', async () => {
    const mpUser = await loginAs(stack.target, 'wyatt')
    const sealed = await weRunData(mpUser)
    const { code } = await stack.control<{ code: string }>('POST', '/oauth/code', { user: 'wyatt-web', appid: stack.creds.apps.officialAccount.appid, scope: 'snsapi_base' })
    const { url } = await stack.call('getOAuthUrl', [{ scope: 'snsapi_base', redirect: 'https://shop.example.com/' }])
    const state = new URL(url).searchParams.get('state')
    const web = await stack.call('loginByOAuth', [{ code, state }])
    expect(web.errCode).toBe(0)
    expect((await stack.call('decryptData', [{ ...sealed, kind: 'werun' }], web.accessToken)).errCode).toBe('SESSION_KEY_STALE')
  })

  it('needs login and valid input', async () => {
    const user = await loginAs(stack.target, 'wolf')
    const sealed = await weRunData(user)
    expect((await stack.call('decryptData', [{ ...sealed, kind: 'werun' }])).errCode).toBe('TOKEN_MISSING')
    for (const input of [
      { ...sealed, kind: 'phone' },
      { ...sealed, iv: 'AAAA', kind: 'werun' },
      { ...sealed, encryptedData: 'not base64!', kind: 'werun' },
      { ...sealed, encryptedData: 'A'.repeat(20_000), kind: 'werun' },
      { iv: sealed.iv, kind: 'werun' },
    ]) {
      expect((await stack.call('decryptData', [input], user.token)).errCode, JSON.stringify(input).slice(0, 60)).toBe('PARAM_INVALID')
    }
  })
})

it('no answer or log line carried a session_key, appsecret, access_token or key', async () => {
  await expectNoSecretLeaked(stack, { sessionKeys: true })
})
