import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { call, control, login, qs, startEmulator, type Harness } from './helpers'
import { decryptOpenData, stableToken } from './weixin-helpers'

let h: Harness

beforeAll(async () => {
  h = await startEmulator()
})
afterAll(() => h.close())
beforeEach(async () => {
  await control(h, 'POST', '/reset')
})

const weRun = (body: Record<string, unknown>) => control(h, 'POST', '/werun/data', body)
const signature = (sessionKey: string) => createHmac('sha256', sessionKey).update('').digest('hex')

describe('POST /__emulator/v1/werun/data (wx.getWeRunData)', () => {
  it('seals 31 days of steps with the watermark, AES-128-CBC under the latest session_key', async () => {
    const { session_key: sessionKey } = await login(h, 'alice')
    const answer = await weRun({ user: 'alice' })
    expect(answer.status).toBe(200)
    expect(Object.keys(answer.json).sort()).toEqual(['encryptedData', 'errMsg', 'iv'])
    expect(answer.json.errMsg).toBe('getWeRunData:ok')
    expect(Buffer.from(answer.json.iv, 'base64')).toHaveLength(16)
    expect(Buffer.from(answer.json.encryptedData, 'base64').length % 16).toBe(0)

    const data = JSON.parse(decryptOpenData(sessionKey, answer.json.iv, answer.json.encryptedData))
    expect(Object.keys(data)).toEqual(['stepInfoList', 'watermark'])
    expect(data.watermark.appid).toBe(h.creds.apps.mp.appid)
    expect(Math.abs(data.watermark.timestamp - Date.now() / 1000)).toBeLessThan(5)
    const days = data.stepInfoList as { timestamp: number; step: number }[]
    expect(days).toHaveLength(31)
    for (const [i, day] of days.entries()) {
      expect(Object.keys(day)).toEqual(['timestamp', 'step'])
      expect(Number.isInteger(day.step) && day.step >= 0).toBe(true)
      // Each entry is a Beijing midnight, one day apart, the last one today.
      expect((day.timestamp + 8 * 3600) % 86400).toBe(0)
      if (i > 0) expect(day.timestamp - days[i - 1].timestamp).toBe(86400)
    }
    expect(Date.now() / 1000 - days[30].timestamp).toBeLessThan(86400)

    const again = await weRun({ user: 'alice' })
    expect(again.json.iv).not.toBe(answer.json.iv)
    expect(JSON.parse(decryptOpenData(sessionKey, again.json.iv, again.json.encryptedData)).stepInfoList).toEqual(days)
  })

  it('takes the steps from the control when given', async () => {
    const { session_key: sessionKey } = await login(h, 'bob')
    const stepInfoList = [{ timestamp: 1445866601, step: 100 }, { timestamp: 1445876601, step: 120 }]
    const answer = await weRun({ user: 'bob', stepInfoList })
    expect(JSON.parse(decryptOpenData(sessionKey, answer.json.iv, answer.json.encryptedData)).stepInfoList).toEqual(stepInfoList)
    expect((await weRun({ user: 'bob', stepInfoList: [{ timestamp: 1, step: -1 }] })).status).toBe(400)
  })

  it('forges the watermark only when a test asks (another appid, an old timestamp)', async () => {
    const { session_key: sessionKey } = await login(h, 'dora')
    const answer = await weRun({ user: 'dora', watermark: { appid: 'wx00000000000000ff', timestamp: 1_000_000_000 } })
    const data = JSON.parse(decryptOpenData(sessionKey, answer.json.iv, answer.json.encryptedData))
    expect(data.watermark).toEqual({ appid: 'wx00000000000000ff', timestamp: 1_000_000_000 })
    const partial = await weRun({ user: 'dora', watermark: { timestamp: 1_000_000_000 } })
    expect(JSON.parse(decryptOpenData(sessionKey, partial.json.iv, partial.json.encryptedData)).watermark).toEqual({ appid: h.creds.apps.mp.appid, timestamp: 1_000_000_000 })
  })

  it('refuses a user who never logged in to the mini program', async () => {
    const answer = await weRun({ user: 'carol' })
    expect(answer.status).toBe(409)
    expect(answer.json.errMsg).toMatch(/^getWeRunData:fail/)
    expect((await weRun({ user: 'carol', appid: h.creds.apps.officialAccount.appid })).status).toBe(400)
  })
})

describe('session_key rotation (regression: encryptedData was not emulated, so rotation could not be seen)', () => {
  it('data sealed before a new login no longer opens with the new session_key', async () => {
    const first = await login(h, 'alice')
    const sealed = (await weRun({ user: 'alice' })).json
    const second = await login(h, 'alice')
    expect(second.session_key).not.toBe(first.session_key)
    expect(() => JSON.parse(decryptOpenData(second.session_key, sealed.iv, sealed.encryptedData))).toThrow()
    expect(JSON.parse(decryptOpenData(first.session_key, sealed.iv, sealed.encryptedData)).watermark.appid).toBe(h.creds.apps.mp.appid)
    const fresh = (await weRun({ user: 'alice' })).json
    expect(JSON.parse(decryptOpenData(second.session_key, fresh.iv, fresh.encryptedData)).stepInfoList).toHaveLength(31)
  })
})

describe('GET /wxa/resetusersessionkey', () => {
  it('replaces the session_key when signed with the current one; checksession and open data follow', async () => {
    const { openid, session_key: old } = await login(h, 'alice')
    const token = await stableToken(h)
    const reset = (sig: string, method = 'hmac_sha256') =>
      call(`${h.url}/wxa/resetusersessionkey?${qs({ access_token: token, openid, signature: sig, sig_method: method })}`)
    const check = (key: string) =>
      call(`${h.url}/wxa/checksession?${qs({ access_token: token, openid, signature: signature(key), sig_method: 'hmac_sha256' })}`)

    expect((await reset(signature(old), 'md5')).json.errcode).toBe(87008)
    expect((await reset(signature('bm90IHRoZSBrZXk='))).json.errcode).toBe(87009)
    const answer = await reset(signature(old))
    expect(answer.json).toMatchObject({ errcode: 0, errmsg: 'ok', openid })
    const renewed = answer.json.session_key as string
    expect(Buffer.from(renewed, 'base64')).toHaveLength(16)
    expect(renewed).not.toBe(old)

    expect((await check(old)).json.errcode).toBe(87009)
    expect((await check(renewed)).json.errcode).toBe(0)
    const sealed = (await weRun({ user: 'alice' })).json
    expect(JSON.parse(decryptOpenData(renewed, sealed.iv, sealed.encryptedData)).watermark.appid).toBe(h.creds.apps.mp.appid)
    expect((await reset(signature(old))).json.errcode).toBe(87009)
  })

  it('answers 40003 for an unknown openid and 41001 without a token', async () => {
    const token = await stableToken(h)
    expect((await call(`${h.url}/wxa/resetusersessionkey?${qs({ access_token: token, openid: 'oNobody', signature: 'x', sig_method: 'hmac_sha256' })}`)).json.errcode).toBe(40003)
    expect((await call(`${h.url}/wxa/resetusersessionkey?openid=x`)).json.errcode).toBe(41001)
  })
})
