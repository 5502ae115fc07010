import { afterEach, describe, expect, it } from 'vitest'
import { launchMiniProgram, type MiniProgram } from './runtime'
import { mpLocator } from './support/locator'
import { freshWechatUser } from './support/users'

describe('binding the phone number on 我的', () => {
  const clients: MiniProgram[] = []
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
  })

  async function loggedInOnMine(): Promise<MiniProgram> {
    const { buildDir, emulatorUrl } = mpLocator()
    const mp = await launchMiniProgram({ root: buildDir, emulatorUrl, user: await freshWechatUser({ phoneNumber: '13912345678' }), path: 'src/pages/mine/index' })
    clients.push(mp)
    await mp.page.tap('open-login')
    await mp.page.tap('login-code')
    await mp.page.waitFor({ test: 'phone', text: '未绑定手机号' })
    return mp
  }

  it('getPhoneNumber waits for privacy consent (WeChat\'s popup while the app has no sheet of its own); the cloud then binds the number', async () => {
    const mp = await loggedInOnMine()
    await mp.page.tap({ text: '授权绑定' })
    expect(mp.privacy.pending).toEqual([{ api: 'getPhoneNumber', referrer: 'button.getPhoneNumber', via: 'official' }])
    mp.privacy.answerOfficialPopup(true)
    await mp.page.waitFor({ test: 'phone', text: '139****5678' })
    expect(mp.native.toasts.map((t) => t.title)).toContain('手机号已绑定')
    expect(mp.errors).toEqual([])
  })

  it('refusing consent leaves the number unbound and says so', async () => {
    const mp = await loggedInOnMine()
    await mp.page.tap({ text: '授权绑定' })
    mp.privacy.answerOfficialPopup(false)
    await mp.waitFor(() => mp.native.toasts.length > 0)
    expect(mp.native.toasts.map((t) => t.title)).toEqual(['未授权手机号'])
    expect(mp.page.get('phone').text()).toBe('未绑定手机号')
  })
})
