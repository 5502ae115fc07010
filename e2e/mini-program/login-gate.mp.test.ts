import { afterEach, describe, expect, it } from 'vitest'
import { launchMiniProgram, type MiniProgram } from './runtime'
import { mpLocator } from './support/locator'
import { freshWechatUser } from './support/users'

describe('the login gate in the mini program', () => {
  const clients: MiniProgram[] = []
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
  })

  async function productPageLoggedOut(): Promise<MiniProgram> {
    const { buildDir, emulatorUrl } = mpLocator()
    const mp = await launchMiniProgram({ root: buildDir, emulatorUrl, user: await freshWechatUser(), path: 'src/pages/product/index', query: { id: 'p-mug' } })
    clients.push(mp)
    await mp.page.waitFor('buy')
    await mp.page.tap('buy')
    await mp.page.waitFor('login-panel')
    return mp
  }

  // The sheet's mask closed it with @click.self, a modifier uni-app drops for mini programs:
  // every tap inside the sheet bubbled to the mask, so 微信一键登录 also cancelled the gate
  // and the purchase never went on to checkout.
  it('微信一键登录 inside the sheet logs in and goes on to checkout (a tap inside the sheet no longer cancels it)', async () => {
    const mp = await productPageLoggedOut()
    await mp.page.tap('login-code')
    const checkout = await mp.waitForPage('src/pages/checkout/index')
    expect(checkout.query).toEqual({ id: 'p-mug' })
    await checkout.waitFor('pay')
    expect(mp.errors).toEqual([])
  })

  it('a tap on the sheet itself keeps it open; 暂不登录 and a tap on the mask close it', async () => {
    const mp = await productPageLoggedOut()
    await mp.page.tap({ text: '登录' })
    expect(mp.page.find('login-panel')).toBeDefined()
    await mp.page.tap({ text: '暂不登录' })
    expect(mp.page.find('login-panel')).toBeUndefined()

    await mp.page.tap('buy')
    await mp.page.tap('login-panel')
    expect(mp.page.find('login-panel')).toBeUndefined()
    expect(mp.page.route).toBe('src/pages/product/index')
  })
})
