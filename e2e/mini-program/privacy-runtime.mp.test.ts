/**
 * Harness self-test: the simulated privacy authorization (runtime/privacy.ts,
 * the agree button in runtime/builtins.ts), driven through a hand-written
 * mini program in WeChat's own syntax (fixtures/privacy-app) that handles
 * consent the way WeChat's docs show. Needs no build: it starts its own
 * WeChat emulator.
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createWechatEmulator, type WechatEmulator } from '../../emulators/wechat'
import { launchMiniProgram, type MiniProgram } from './runtime'
import type { PrivacyOptions } from './runtime/privacy'

const FIXTURE = path.join(__dirname, 'fixtures/privacy-app')
const PHONE = '13800138000'

describe('harness: privacy authorization as WeChat documents it', () => {
  let emulator: WechatEmulator
  let emulatorUrl: string
  const clients: MiniProgram[] = []

  beforeAll(async () => {
    emulator = await createWechatEmulator({})
    emulatorUrl = (await emulator.listen(0)).url
    await control('PUT', '/users/alice', { phoneNumber: PHONE })
  })
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
  })
  afterAll(async () => {
    await emulator?.close()
  })

  async function control<T>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await fetch(`${emulatorUrl}/__emulator/v1${p}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
    expect(res.ok).toBe(true)
    return (await res.json()) as T
  }

  /** What WeChat's server answers for a phone code: proves the harness handed the app a real, unused code. */
  async function phoneNumberBehind(code: string): Promise<string> {
    const { mp } = await control<{ mp: { appid: string; secret: string } }>('GET', '/apps')
    const token = await (await fetch(`${emulatorUrl}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: mp.appid, secret: mp.secret }) })).json()
    const answer = await (await fetch(`${emulatorUrl}/wxa/business/getuserphonenumber?access_token=${token.access_token}`, { method: 'POST', body: JSON.stringify({ code }) })).json()
    return answer.phone_info?.phoneNumber
  }

  async function launch(options: { path?: string; privacy?: PrivacyOptions } = {}): Promise<MiniProgram> {
    const mp = await launchMiniProgram({ root: FIXTURE, emulatorUrl, user: 'alice', ...options })
    clients.push(mp)
    return mp
  }

  it('a getPhoneNumber tap waits for the sheet; agreeing there lets it finish with a real phone code', async () => {
    const mp = await launch()
    expect(mp.page.get('setting').text()).toBe('need')
    await mp.page.tap('phone')

    expect(mp.page.get('privacy-referrer').text()).toBe('button.getPhoneNumber')
    expect(mp.privacy.pending).toEqual([{ api: 'getPhoneNumber', referrer: 'button.getPhoneNumber', via: 'listener' }])
    expect(mp.privacy.exposures).toBe(1)
    expect(mp.page.get('phone-code').text()).toBe('')

    await mp.page.tap('privacy-contract')
    expect(mp.privacy.contractOpened).toBe(1)
    await mp.page.tap('privacy-agree')

    await mp.page.waitFor({ test: 'setting', text: 'agreed' })
    expect(mp.page.find('privacy-sheet')).toBeUndefined()
    const code = mp.page.get('phone-code').text()
    expect(await phoneNumberBehind(code)).toBe(PHONE)
    expect(mp.privacy.pending).toEqual([])

    // Once agreed, nothing asks again.
    await mp.page.tap('phone')
    expect(mp.page.find('privacy-sheet')).toBeUndefined()
    await mp.waitFor(() => mp.page.get('phone-code').text() !== code)
    expect(await phoneNumberBehind(mp.page.get('phone-code').text())).toBe(PHONE)
    expect(mp.privacy.violations).toEqual([])
    expect(mp.errors).toEqual([])
  })

  it('disagreeing fails the pending call with "privacy permission is not authorized" (errno 104) and asks again next time', async () => {
    const mp = await launch()
    await mp.page.tap('phone')
    await mp.page.tap('privacy-disagree')
    expect(mp.page.get('phone-error').text()).toBe('getPhoneNumber:fail privacy permission is not authorized|104')
    expect(mp.page.get('setting').text()).toBe('need')
    expect(mp.privacy.agreed).toBe(false)

    await mp.page.tap('phone')
    expect(mp.page.find('privacy-sheet')).toBeDefined()
    expect(mp.privacy.violations).toEqual([])
  })

  it('resolve({ event: "agree" }) without a tap on that agree button is refused and reported', async () => {
    const mp = await launch()
    await mp.page.tap('phone')
    await mp.page.tap('privacy-fake-agree')
    expect(mp.page.get('phone-error').text()).toBe('getPhoneNumber:fail privacy permission is not authorized|104')
    expect(mp.privacy.violations).toEqual(['resolve({ event: \'agree\' }) for getPhoneNumber without a tap on agree button "agree-btn"'])
  })

  it('wx.requirePrivacyAuthorize raises the same sheet and succeeds once agreed', async () => {
    const mp = await launch()
    await mp.page.tap('require')
    expect(mp.page.get('privacy-referrer').text()).toBe('requirePrivacyAuthorize')
    await mp.page.tap('privacy-agree')
    expect(mp.page.get('required').text()).toBe('ok')

    await mp.page.tap('require')
    expect(mp.page.find('privacy-sheet')).toBeUndefined()
    expect(mp.page.get('required').text()).toBe('ok')
  })

  it('a getPhoneNumber|agreePrivacyAuthorization button consents and goes on without the sheet', async () => {
    const mp = await launch()
    await mp.page.tap('phone-and-agree')
    await mp.page.waitFor({ test: 'setting', text: 'agreed' })
    expect(mp.page.find('privacy-sheet')).toBeUndefined()
    expect(await phoneNumberBehind(mp.page.get('phone-code').text())).toBe(PHONE)
  })

  it("with no listener registered, WeChat's own popup asks (answered by the test)", async () => {
    const mp = await launch({ path: 'pages/bare/index' })
    await mp.page.tap('phone')
    expect(mp.privacy.pending).toEqual([{ api: 'getPhoneNumber', referrer: 'button.getPhoneNumber', via: 'official' }])
    mp.privacy.answerOfficialPopup(false)
    await mp.settle()
    expect(mp.page.get('phone-error').text()).toBe('getPhoneNumber:fail privacy permission is not authorized')

    await mp.page.tap('phone')
    mp.privacy.answerOfficialPopup(true)
    await mp.waitFor(() => mp.page.get('phone-code').text() !== '')
    expect(await phoneNumberBehind(mp.page.get('phone-code').text())).toBe(PHONE)
  })

  it('a user who agreed before is not asked; the phone sheet answers (deny, a WeChat failure) reach the app', async () => {
    const mp = await launch({ privacy: { agreed: true } })
    expect(mp.page.get('setting').text()).toBe('agreed')
    mp.native.phoneNumber = 'deny'
    await mp.page.tap('phone')
    expect(mp.page.find('privacy-sheet')).toBeUndefined()
    expect(mp.page.get('phone-error').text()).toBe('getPhoneNumber:fail user deny|')
    mp.native.phoneNumber = { errMsg: 'getPhoneNumber:fail no permission', errno: 1400001 }
    await mp.page.tap('phone')
    expect(mp.page.get('phone-error').text()).toBe('getPhoneNumber:fail no permission|1400001')
  })
})
