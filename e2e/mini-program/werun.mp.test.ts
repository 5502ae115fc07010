import { afterEach, describe, expect, it } from 'vitest'
import { launchMiniProgram, type MiniProgram } from './runtime'
import type { PrivacyOptions } from './runtime/privacy'
import { mpLocator } from './support/locator'
import { freshWechatUser } from './support/users'

async function emulator<T = unknown>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${mpLocator().emulatorUrl}${path}`, init)
  if (!res.ok) throw new Error(`emulator ${path} answered ${res.status}`)
  return (await res.json()) as T
}

/** jscode2session calls the emulator saw for the mini program. */
async function codeExchanges(): Promise<number> {
  const log = await emulator<Array<{ kind: string; path: string }>>('/__emulator/v1/log')
  return log.filter((e) => e.kind === 'call' && e.path.split('?')[0] === '/sns/jscode2session').length
}

/**
 * WeChat gives the user a new session_key behind the kit's back (as a wx.login
 * elsewhere may): a code exchanged directly with the emulator, never seen by the kit.
 */
async function rotateSessionKey(user: string): Promise<void> {
  const { mp } = await emulator<{ mp: { appid: string; secret: string } }>('/__emulator/v1/apps')
  const { code } = await emulator<{ code: string }>('/__emulator/v1/login/code', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) })
  const answer = await emulator<{ session_key?: string }>(`/sns/jscode2session?appid=${mp.appid}&secret=${mp.secret}&js_code=${code}&grant_type=authorization_code`)
  expect(answer.session_key).toBeTruthy()
}

const DAY = 86400
const today = Math.floor((Date.now() / 1000 + 8 * 3600) / DAY) * DAY - 8 * 3600
const STEPS = [
  { timestamp: today - 2 * DAY, step: 5000 },
  { timestamp: today - DAY, step: 4000 },
  { timestamp: today, step: 8123 },
]

describe('今日微信步数 on 我的: wx.getWeRunData opened by the cloud', () => {
  const clients: MiniProgram[] = []
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
  })

  async function loggedInOnMine(privacy?: PrivacyOptions): Promise<MiniProgram> {
    const { buildDir, emulatorUrl } = mpLocator()
    const mp = await launchMiniProgram({ root: buildDir, emulatorUrl, user: await freshWechatUser(), path: 'src/pages/mine/index', privacy })
    clients.push(mp)
    expect(mp.page.find('werun-row')).toBeUndefined()
    await mp.page.tap('open-login')
    await mp.page.tap('login-code')
    await mp.page.waitFor('werun-row')
    mp.native.weRunSteps = STEPS
    return mp
  }

  it('after a login: the privacy sheet first, then today’s steps', async () => {
    const mp = await loggedInOnMine()
    await mp.page.tap('werun-load')
    expect(mp.privacy.pending).toEqual([{ api: 'getWeRunData', referrer: 'getWeRunData', via: 'listener' }])
    expect((await mp.page.waitFor('privacy-sheet')).text()).toContain('使用微信运动步数前')
    await mp.page.tap('privacy-agree')
    await mp.page.waitFor({ test: 'werun-steps', text: '8123 步' })
    expect(mp.privacy.violations).toEqual([])
    expect(mp.errors).toEqual([])
  })

  it('wx.checkSession failing (WeChat dropped the session_key): logs in again before fetching, so the data opens first time', async () => {
    const mp = await loggedInOnMine({ agreed: true })
    const before = await codeExchanges()
    mp.expireSession()
    await mp.page.tap('werun-load')
    await mp.page.waitFor({ test: 'werun-steps', text: '8123 步' })
    expect((await codeExchanges()) - before).toBe(1)
    expect(mp.page.get('nickname').text()).not.toBe('')
  })

  it('a session_key changed behind the kit’s back: SESSION_KEY_STALE from the cloud, one new login, fresh data, the steps', async () => {
    const mp = await loggedInOnMine({ agreed: true })
    await rotateSessionKey(mp.user)
    const before = await codeExchanges()
    await mp.page.tap('werun-load')
    await mp.page.waitFor({ test: 'werun-steps', text: '8123 步' })
    // The kit's own re-login (the rotation above was counted before).
    expect((await codeExchanges()) - before).toBe(1)
    expect(mp.errors).toEqual([])
  })

  it('refusing the WeRun permission says where to turn it on', async () => {
    const mp = await loggedInOnMine({ agreed: true })
    mp.native.permissionAnswers.set('scope.werun', false)
    await mp.page.tap('werun-load')
    await mp.page.waitFor({ test: 'werun-message', text: '未授权读取微信运动步数，可在设置中开启' })
  })

  it('refusing consent in the sheet says why there are no steps', async () => {
    const mp = await loggedInOnMine()
    await mp.page.tap('werun-load')
    await mp.page.waitFor('privacy-sheet')
    await mp.page.tap('privacy-disagree')
    await mp.page.waitFor({ test: 'werun-message', text: '需同意隐私保护指引后才能查看步数' })
  })
})
