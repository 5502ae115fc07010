import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { call, control, qs, startEmulator, type Harness } from './helpers'

let h: Harness

beforeAll(async () => {
  h = await startEmulator()
})
afterAll(() => h.close())
beforeEach(async () => {
  await control(h, 'POST', '/reset')
})

async function code(user: string, appid?: string): Promise<string> {
  const answer = await control(h, 'POST', '/login/code', appid ? { user, appid } : { user })
  expect(answer.status).toBe(200)
  return answer.json.code
}

function exchange(jsCode: string, overrides: Record<string, string> = {}) {
  const mp = h.creds.apps.mp
  return call(
    `${h.url}/sns/jscode2session?${qs({ appid: mp.appid, secret: mp.secret, js_code: jsCode, grant_type: 'authorization_code', ...overrides })}`,
  )
}

async function stableToken(appid = h.creds.apps.mp.appid, secret = h.creds.apps.mp.secret): Promise<string> {
  const answer = await call(`${h.url}/cgi-bin/stable_token`, {
    method: 'POST',
    body: JSON.stringify({ grant_type: 'client_credential', appid, secret, force_refresh: false }),
  })
  return answer.json.access_token
}

describe('GET /sns/jscode2session', () => {
  it('exchanges a code once for openid and session_key, HTTP 200 on errors too', async () => {
    const c = await code('alice')
    const first = await exchange(c)
    expect(first.status).toBe(200)
    expect(first.json.openid).toMatch(/^o[\w-]{27}$/)
    expect(Buffer.from(first.json.session_key, 'base64')).toHaveLength(16)
    expect(first.json).not.toHaveProperty('unionid')
    expect(first.json).not.toHaveProperty('errcode')

    const reused = await exchange(c)
    expect(reused.status).toBe(200)
    expect(reused.json.errcode).toBe(40163)
    expect(reused.json.errmsg).toMatch(/^code been used, rid: /)
  })

  it('answers 40029 for an unknown code and for a code older than 5 minutes', async () => {
    expect((await exchange('not-a-real-code')).json.errcode).toBe(40029)
    const fresh = await code('alice')
    await control(h, 'POST', '/clock/advance', { seconds: 299 })
    expect((await exchange(fresh)).json.openid).toBeTruthy()

    const stale = await code('alice')
    await control(h, 'POST', '/clock/advance', { seconds: 300 })
    expect((await exchange(stale)).json.errcode).toBe(40029)
  })

  it('keeps openid stable per app and user, distinct between users', async () => {
    const a1 = (await exchange(await code('alice'))).json
    const a2 = (await exchange(await code('alice'))).json
    const b = (await exchange(await code('bob'))).json
    expect(a1.openid).toBe(a2.openid)
    expect(b.openid).not.toBe(a1.openid)
    expect(a2.session_key).not.toBe(a1.session_key)
  })

  it('returns unionid only when the user has one, shared across apps', async () => {
    await control(h, 'PUT', '/users/carol', { unionid: true })
    const mp = (await exchange(await code('carol'))).json
    expect(mp.unionid).toMatch(/^o[\w-]{27}$/)
    const user = await control(h, 'GET', '/users/carol')
    expect(user.json.unionid).toBe(mp.unionid)
    expect(user.json.openids.mp).toBe(mp.openid)
    expect(user.json.openids.officialAccount).not.toBe(mp.openid)

    await control(h, 'PUT', '/users/dave', { unionid: 'oFixedUnionIdForDave00000000' })
    expect((await exchange(await code('dave'))).json.unionid).toBe('oFixedUnionIdForDave00000000')
  })

  it.each([
    [{ appid: '' }, 41002],
    [{ appid: 'wx0000000000000000' }, 40013],
    [{ secret: '' }, 41004],
    [{ secret: '0'.repeat(32) }, 40125],
    [{ js_code: '' }, 41008],
    [{ grant_type: 'client_credential' }, 40002],
  ])('refuses %o with errcode %i', async (overrides, errcode) => {
    const answer = await exchange(await code('alice'), overrides as Record<string, string>)
    expect(answer.status).toBe(200)
    expect(answer.json.errcode).toBe(errcode)
  })

  it('does not exchange a code at another app', async () => {
    const c = await code('alice')
    const oa = h.creds.apps.officialAccount
    const answer = await exchange(c, { appid: oa.appid, secret: oa.secret })
    expect(answer.json.errcode).toBe(40013)
  })
})

describe('GET /wxa/checksession', () => {
  it('accepts hmac_sha256(session_key, "") of the current session only', async () => {
    const first = (await exchange(await code('alice'))).json
    const token = await stableToken()
    const check = (sessionKey: string) =>
      call(
        `${h.url}/wxa/checksession?${qs({
          access_token: token,
          openid: first.openid,
          signature: createHmac('sha256', sessionKey).update('').digest('hex'),
          sig_method: 'hmac_sha256',
        })}`,
      )
    expect((await check(first.session_key)).json).toEqual({ errcode: 0, errmsg: 'ok' })

    const second = (await exchange(await code('alice'))).json
    expect((await check(first.session_key)).json.errcode).toBe(87009)
    expect((await check(second.session_key)).json.errcode).toBe(0)
  })
})

describe('POST /wxa/business/getuserphonenumber', () => {
  it('exchanges a phone code once for phone_info with a watermark', async () => {
    await control(h, 'PUT', '/users/alice', { phoneNumber: '13800138000' })
    const phoneCode = (await control(h, 'POST', '/phone/code', { user: 'alice' })).json.code
    const token = await stableToken()
    const ask = () =>
      call(`${h.url}/wxa/business/getuserphonenumber?access_token=${token}`, {
        method: 'POST',
        body: JSON.stringify({ code: phoneCode }),
      })
    const answer = await ask()
    expect(answer.json.errcode).toBe(0)
    expect(answer.json.phone_info).toMatchObject({
      phoneNumber: '13800138000',
      purePhoneNumber: '13800138000',
      countryCode: '86',
      watermark: { appid: h.creds.apps.mp.appid },
    })
    expect(Math.abs(answer.json.phone_info.watermark.timestamp - Date.now() / 1000)).toBeLessThan(5)
    // The phone-number page documents only 40029 for a bad code; a spent one is one of its causes.
    expect((await ask()).json.errcode).toBe(40029)
  })

  it('needs a valid access_token and a phone on the user', async () => {
    const noToken = await call(`${h.url}/wxa/business/getuserphonenumber`, { method: 'POST', body: '{"code":"x"}' })
    expect(noToken.json.errcode).toBe(41001)
    const badToken = await call(`${h.url}/wxa/business/getuserphonenumber?access_token=nope`, { method: 'POST', body: '{"code":"x"}' })
    expect(badToken.json.errcode).toBe(40001)
    await control(h, 'PUT', '/users/nophone', { phoneNumber: null })
    expect((await control(h, 'POST', '/phone/code', { user: 'nophone' })).status).toBe(409)
  })
})
