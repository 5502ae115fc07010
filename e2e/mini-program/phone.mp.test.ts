import { afterEach, describe, expect, it } from 'vitest'
import { launchMiniProgram, type MiniProgram } from './runtime'
import type { PrivacyOptions } from './runtime/privacy'
import { mpLocator } from './support/locator'
import { freshWechatUser } from './support/users'

/** A JSON call to a WeChat emulator control. */
async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${mpLocator().emulatorUrl}/__emulator/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`emulator ${method} ${path} answered ${res.status}`)
  return (await res.json()) as T
}

/** How many getuserphonenumber calls the emulator saw. */
async function phoneExchanges(): Promise<number> {
  const log = await control<Array<{ kind: string; path: string }>>('GET', '/log')
  return log.filter((e) => e.kind === 'call' && e.path.split('?')[0] === '/wxa/business/getuserphonenumber').length
}

describe('binding the phone number on 我的', () => {
  const clients: MiniProgram[] = []
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
    await control('DELETE', '/phone/button/fail')
    await control('DELETE', '/faults')
  })

  async function loggedInOnMine(privacy?: PrivacyOptions, phoneNumber = '13912345678'): Promise<MiniProgram> {
    const { buildDir, emulatorUrl } = mpLocator()
    const mp = await launchMiniProgram({ root: buildDir, emulatorUrl, user: await freshWechatUser({ phoneNumber }), path: 'src/pages/mine/index', privacy })
    clients.push(mp)
    await mp.page.tap('open-login')
    await mp.page.tap('login-code')
    await mp.page.waitFor({ test: 'phone', text: '未绑定手机号' })
    return mp
  }

  it("getPhoneNumber waits for the kit's privacy sheet; agreeing there lets the cloud bind the number", async () => {
    const mp = await loggedInOnMine()
    expect(mp.page.find('privacy-sheet')).toBeUndefined()
    await mp.page.tap({ text: '授权绑定' })
    expect(mp.privacy.pending).toEqual([{ api: 'getPhoneNumber', referrer: 'button.getPhoneNumber', via: 'listener' }])
    const sheet = await mp.page.waitFor('privacy-sheet')
    expect(sheet.text()).toContain('使用手机号授权前，请阅读并同意《小程序隐私保护指引》')
    expect(mp.privacy.exposures).toBe(1)
    await mp.page.tap('privacy-contract')
    expect(mp.privacy.contractOpened).toBe(1)

    await mp.page.tap('privacy-agree')
    await mp.page.waitFor({ test: 'phone', text: '139****5678' })
    expect(mp.page.find('privacy-sheet')).toBeUndefined()
    expect(mp.privacy.pending).toEqual([])
    expect(mp.privacy.violations).toEqual([])
    expect(mp.native.toasts.map((t) => t.title)).toContain('手机号已绑定')
    expect(mp.errors).toEqual([])
  })

  it('refusing in the sheet leaves the number unbound and says why', async () => {
    const mp = await loggedInOnMine()
    await mp.page.tap({ text: '授权绑定' })
    await mp.page.waitFor('privacy-sheet')
    await mp.page.tap('privacy-disagree')
    await mp.waitFor(() => mp.native.modal !== undefined)
    expect(mp.native.modal).toMatchObject({ title: '未能绑定手机号', content: '需同意隐私保护指引后才能使用手机号' })
    await mp.answerModal('知道了')
    expect(mp.page.find('privacy-sheet')).toBeUndefined()
    expect(mp.page.get('phone').text()).toBe('未绑定手机号')
    // Consent was not given: the next tap asks again.
    await mp.page.tap({ text: '授权绑定' })
    expect(mp.privacy.pending).toHaveLength(1)
    await mp.page.waitFor('privacy-sheet')
  })

  it('the button is disabled while its code is exchanged, so a second tap cannot buy a second code; the code is exchanged once', async () => {
    const mp = await loggedInOnMine({ agreed: true })
    await control('POST', '/faults', { endpoint: 'POST /wxa/business/getuserphonenumber', times: 1, hangMs: 1500 })
    const before = await phoneExchanges()
    const button = mp.page.get('bind-phone')
    // A tap without waiting for what it starts: the exchange is still hanging afterwards.
    mp.tree.tap(button.node)
    await mp.waitFor(() => mp.page.get('bind-phone').props.disabled === true)
    await expect(mp.page.get('bind-phone').tap()).rejects.toThrow(/disabled/)
    await mp.page.waitFor({ test: 'phone', text: '139****5678' })
    expect(mp.native.toasts.filter((t) => t.title === '手机号已绑定')).toHaveLength(1)
    expect((await phoneExchanges()) - before).toBe(1)
  })

  it('an exhausted quota (errno 1400001) is said in the app’s own words; WeChat’s notice is switched off', async () => {
    const mp = await loggedInOnMine({ agreed: true })
    expect(mp.page.get('bind-phone').props.phoneNumberNoQuotaToast).toBe(false)
    await control('POST', '/phone/button/fail', { reason: 'noQuota' })
    const before = await phoneExchanges()
    await mp.page.tap('bind-phone')
    await mp.waitFor(() => mp.native.modal !== undefined)
    expect(mp.native.modal).toMatchObject({ title: '未能绑定手机号', content: '本小程序的手机号验证次数已用完，请稍后再试或联系客服' })
    await mp.answerModal('知道了')
    expect(await phoneExchanges()).toBe(before)
    expect(mp.page.get('phone').text()).toBe('未绑定手机号')
  })

  it('a mini program without phone permission (personal or uncertified) says so', async () => {
    const mp = await loggedInOnMine({ agreed: true })
    await control('POST', '/phone/button/fail', { reason: 'notCertified' })
    await mp.page.tap('bind-phone')
    await mp.waitFor(() => mp.native.modal !== undefined)
    expect(mp.native.modal?.content).toBe('当前小程序未完成微信认证，暂不支持手机号授权')
  })

  it('closing the phone sheet is a short toast, no modal', async () => {
    const mp = await loggedInOnMine({ agreed: true })
    mp.native.phoneNumber = 'deny'
    await mp.page.tap('bind-phone')
    await mp.waitFor(() => mp.native.toasts.length > 0)
    expect(mp.native.toasts.map((t) => t.title)).toEqual(['已取消手机号授权'])
    expect(mp.native.modal).toBeUndefined()
  })

  it('a bound number is changed only through 实时验证 (getRealtimePhoneNumber), exchanged at the same endpoint', async () => {
    const mp = await loggedInOnMine({ agreed: true })
    await mp.page.tap('bind-phone')
    await mp.page.waitFor({ test: 'phone', text: '139****5678' })
    expect(mp.page.find('bind-phone')).toBeUndefined()
    const change = mp.page.get('change-phone')
    expect(change.props.openType).toBe('getRealtimePhoneNumber')
    await control('PUT', `/users/${mp.user}`, { phoneNumber: '13600001111' })
    await mp.page.tap('change-phone')
    await mp.page.waitFor({ test: 'phone', text: '136****1111' })
    expect(mp.errors).toEqual([])
  })
})
