import { afterEach, describe, expect, it } from 'vitest'
import { launchMiniProgram, type MiniProgram } from './runtime'
import { mpLocator } from './support/locator'
import { freshWechatUser } from './support/users'

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new TextEncoder().encode('testing avatar')])

describe('编辑资料: avatar and nickname behind privacy consent', () => {
  const clients: MiniProgram[] = []
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
  })

  async function profilePage(): Promise<MiniProgram> {
    const { buildDir, emulatorUrl } = mpLocator()
    const mp = await launchMiniProgram({ root: buildDir, emulatorUrl, user: await freshWechatUser(), path: 'src/pages/mine/index' })
    clients.push(mp)
    await mp.page.tap('open-login')
    await mp.page.tap('login-code')
    await mp.page.waitFor('logout')
    await mp.page.tap('menu-profile')
    await mp.waitForPage('src/pages/profile/index')
    return mp
  }

  it('the page asks once as it opens (the nickname input cannot ask by itself); after agreeing, chooseAvatar and the nickname save', async () => {
    const mp = await profilePage()
    const sheet = await mp.page.waitFor('privacy-sheet')
    expect(sheet.text()).toContain('使用头像和昵称前')
    expect(mp.privacy.pending).toEqual([{ api: 'requirePrivacyAuthorize', referrer: 'requirePrivacyAuthorize', via: 'listener' }])
    await mp.page.tap('privacy-agree')
    expect(mp.page.find('privacy-sheet')).toBeUndefined()

    mp.native.picks.push({ bytes: PNG, ext: 'png' })
    await mp.page.tap('choose-avatar')
    expect(mp.privacy.pending).toEqual([])
    await mp.page.type('nickname-input', '小程序用户')
    await mp.page.tap('save-profile')
    await mp.waitFor(() => mp.native.toasts.some((t) => t.title === '已保存'))
    expect(mp.privacy.violations).toEqual([])
    expect(mp.errors).toEqual([])
  })

  it('refused at the door, chooseAvatar raises the sheet again; refused again, it says so', async () => {
    const mp = await profilePage()
    await mp.page.waitFor('privacy-sheet')
    await mp.page.tap('privacy-disagree')
    mp.native.picks.push({ bytes: PNG, ext: 'png' })
    await mp.page.tap('choose-avatar')
    expect(mp.privacy.pending).toEqual([{ api: 'chooseAvatar', referrer: 'button.chooseAvatar', via: 'listener' }])
    expect((await mp.page.waitFor('privacy-sheet')).text()).toContain('使用头像和昵称前')
    await mp.page.tap('privacy-disagree')
    await mp.waitFor(() => mp.native.toasts.length > 0)
    expect(mp.native.toasts.map((t) => t.title)).toEqual(['需同意隐私指引'])
  })
})
