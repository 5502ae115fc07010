import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { control, login, startEmulator, type Harness } from './helpers'
import { decryptOpenData, stableToken, wxPost } from './weixin-helpers'

let h: Harness
let token: string

beforeAll(async () => {
  h = await startEmulator()
})
afterAll(() => h.close())
beforeEach(async () => {
  await control(h, 'POST', '/reset')
  token = await stableToken(h)
})

const exchange = (code: string, extra: Record<string, unknown> = {}) =>
  wxPost(h, '/wxa/business/getuserphonenumber', token, { code, ...extra })

async function tap(body: Record<string, unknown>) {
  const answer = await control(h, 'POST', '/phone/button', body)
  expect(answer.status).toBe(200)
  return answer.json
}

describe('default phone numbers (regression: the default user "alice" had none, so 模拟授权 answered 409)', () => {
  it('gives every simulated user a stable mainland number, so alice exchanges a phone code', async () => {
    const alice = (await control(h, 'GET', '/users/alice')).json
    expect(alice.phoneNumber).toMatch(/^138\d{8}$/)
    expect((await control(h, 'GET', '/users/bob')).json.phoneNumber).not.toBe(alice.phoneNumber)
    await control(h, 'POST', '/reset')
    expect((await control(h, 'GET', '/users/alice')).json.phoneNumber).toBe(alice.phoneNumber)
    token = await stableToken(h)

    const { code } = (await control(h, 'POST', '/phone/code', { user: 'alice' })).json
    const answer = await exchange(code)
    expect(answer.json).toMatchObject({
      errcode: 0,
      phone_info: { phoneNumber: alice.phoneNumber, purePhoneNumber: alice.phoneNumber, countryCode: '86', watermark: { appid: h.creds.apps.mp.appid } },
    })
  })

  it('keeps the no-phone path reachable: a cleared number gives 409 and a denied button', async () => {
    await control(h, 'PUT', '/users/alice', { phoneNumber: null })
    expect((await control(h, 'GET', '/users/alice')).json.phoneNumber).toBeNull()
    expect((await control(h, 'POST', '/phone/code', { user: 'alice' })).status).toBe(409)
    expect(await tap({ user: 'alice' })).toEqual({ errMsg: 'getPhoneNumber:fail user deny' })
    await control(h, 'PUT', '/users/alice', { phoneNumber: '+852 51234567' })
    const { code } = await tap({ user: 'alice' })
    expect((await exchange(code)).json.phone_info).toMatchObject({ phoneNumber: '+852 51234567', purePhoneNumber: '51234567', countryCode: '852' })
  })
})

describe('POST /wxa/business/getuserphonenumber errcodes', () => {
  it.each([
    ['an unknown code', 40029, async (): Promise<string> => 'not-a-code'],
    ['a spent code', 40029, async (): Promise<string> => {
      const { code } = await tap({ user: 'alice' })
      expect((await exchange(code)).json.errcode).toBe(0)
      return code
    }],
    ['an expired code (5 minutes)', 40029, async (): Promise<string> => {
      const { code } = await tap({ user: 'alice' })
      await control(h, 'POST', '/clock/advance', { seconds: 300 })
      return code
    }],
    ['a wx.login code', 40029, async (): Promise<string> => (await control(h, 'POST', '/login/code', { user: 'alice' })).json.code],
    ['an empty code', 41008, async (): Promise<string> => ''],
  ] as const)('answers %s with %i', async (_name, errcode, make) => {
    const code = await make()
    const answer = await exchange(code)
    expect(answer.status).toBe(200)
    expect(answer.json.errcode).toBe(errcode)
    expect(answer.json).not.toHaveProperty('phone_info')
  })

  it('checks the optional openid against the code (40003) without spending it', async () => {
    const { openid } = await login(h, 'alice')
    const bob = await login(h, 'bob')
    const { code } = await tap({ user: 'alice' })
    expect((await exchange(code, { openid: bob.openid })).json.errcode).toBe(40003)
    expect((await exchange(code, { openid })).json.errcode).toBe(0)
  })

  it("refuses another app's token for the mini program's code (40013 invalid appid) and a bad token", async () => {
    const { code } = await tap({ user: 'alice' })
    const oaToken = await stableToken(h, h.creds.apps.officialAccount)
    expect((await wxPost(h, '/wxa/business/getuserphonenumber', oaToken, { code })).json.errcode).toBe(40013)
    expect((await wxPost(h, '/wxa/business/getuserphonenumber', 'nope', { code })).json.errcode).toBe(40001)
    expect((await exchange(code)).json.errcode).toBe(0)
  })

  it('answers an armed fault (quota or not-certified answers of the server are injected this way)', async () => {
    await control(h, 'POST', '/faults', { endpoint: 'POST /wxa/business/getuserphonenumber', errcode: 48001 })
    const { code } = await tap({ user: 'alice' })
    expect((await exchange(code)).json.errcode).toBe(48001)
    expect((await exchange(code)).json.errcode).toBe(0)
  })
})

describe('POST /__emulator/v1/phone/button (the button callbacks)', () => {
  it('answers a code for both buttons; the real-time code is exchanged at the same endpoint', async () => {
    const quick = await tap({ user: 'alice' })
    expect(quick).toEqual({ errMsg: 'getPhoneNumber:ok', code: expect.any(String) })
    const realtime = await tap({ user: 'alice', button: 'getRealtimePhoneNumber' })
    expect(realtime).toEqual({ errMsg: 'getRealtimePhoneNumber:ok', code: expect.any(String) })
    expect((await exchange(quick.code)).json.errcode).toBe(0)
    expect((await exchange(realtime.code)).json.errcode).toBe(0)
  })

  it('fails the next taps with an armed errno (quota exhausted 1400001), then recovers', async () => {
    const armed = await control(h, 'POST', '/phone/button/fail', { reason: 'noQuota', times: 2 })
    expect(armed.status).toBe(201)
    expect(await tap({ user: 'alice' })).toEqual({ errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 })
    expect(await tap({ user: 'alice', button: 'getRealtimePhoneNumber' })).toEqual({ errMsg: 'getRealtimePhoneNumber:fail no quota', errno: 1400001 })
    expect((await tap({ user: 'alice' })).code).toEqual(expect.any(String))
    expect((await control(h, 'GET', '/phone/button/fail')).json).toEqual([])
  })

  it('arms a failure for one button only, with a custom errno, and clears', async () => {
    await control(h, 'POST', '/phone/button/fail', { errno: 1400002, errMsg: 'custom', button: 'getRealtimePhoneNumber' })
    expect((await tap({ user: 'alice' })).code).toEqual(expect.any(String))
    expect(await tap({ user: 'alice', button: 'getRealtimePhoneNumber' })).toEqual({ errMsg: 'getRealtimePhoneNumber:fail custom', errno: 1400002 })
    await control(h, 'POST', '/phone/button/fail', { reason: 'notCertified' })
    await control(h, 'POST', '/phone/button/fail', { reason: 'privacy' })
    expect((await control(h, 'GET', '/phone/button/fail')).json).toHaveLength(2)
    expect(await tap({ user: 'alice' })).toEqual({ errMsg: 'getPhoneNumber:fail no permission' })
    await control(h, 'DELETE', '/phone/button/fail')
    expect((await tap({ user: 'alice' })).code).toEqual(expect.any(String))
  })

  it('validates the failure control', async () => {
    expect((await control(h, 'POST', '/phone/button/fail', {})).status).toBe(400)
    expect((await control(h, 'POST', '/phone/button/fail', { reason: 'noQuota', errno: 1 })).status).toBe(400)
    expect((await control(h, 'POST', '/phone/button/fail', { reason: 'nope' })).status).toBe(400)
    expect((await control(h, 'POST', '/phone/button', { user: 'alice', appid: h.creds.apps.website.appid })).status).toBe(400)
  })

  it('gives the legacy encryptedData of the number under the session_key of the latest login', async () => {
    expect((await control(h, 'POST', '/phone/button', { user: 'alice', legacy: true })).status).toBe(409)
    const { session_key: sessionKey } = await login(h, 'alice')
    const detail = await tap({ user: 'alice', legacy: true })
    expect(Buffer.from(detail.iv, 'base64')).toHaveLength(16)
    const phone = (await control(h, 'GET', '/users/alice')).json.phoneNumber
    const data = JSON.parse(decryptOpenData(sessionKey, detail.iv, detail.encryptedData))
    expect(data).toEqual({
      phoneNumber: phone,
      purePhoneNumber: phone,
      countryCode: '86',
      watermark: { appid: h.creds.apps.mp.appid, timestamp: expect.any(Number) },
    })
    expect(Math.abs(data.watermark.timestamp - Date.now() / 1000)).toBeLessThan(5)
  })
})
