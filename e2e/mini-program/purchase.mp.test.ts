import { afterEach, describe, expect, it } from 'vitest'
import { launchMiniProgram, type MiniProgram } from './runtime'
import { mpLocator } from './support/locator'

async function freshUser(nickname: string): Promise<string> {
  const { emulatorUrl } = mpLocator()
  const user = `mp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`
  const res = await fetch(`${emulatorUrl}/__emulator/v1/users/${user}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nickname, unionid: true }),
  })
  expect(res.ok).toBe(true)
  return user
}

describe('the built mini program in a simulated WeChat client', () => {
  const clients: MiniProgram[] = []
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
  })

  async function launch(user: string, storage?: Record<string, string>): Promise<MiniProgram> {
    const { buildDir, emulatorUrl } = mpLocator()
    const mp = await launchMiniProgram({ root: buildDir, emulatorUrl, user, storage })
    clients.push(mp)
    return mp
  }

  it('launch → log in on 我的 → 首页 → product → 立即购买 → 微信支付 → 已支付', async () => {
    const user = await freshUser('小程序买家')
    const mp = await launch(user)
    expect(mp.page.route).toBe('src/pages/index/index')
    await mp.page.waitFor('product-list')

    await mp.tapTab('我的')
    await mp.page.tap('open-login')
    await mp.page.waitFor('login-panel')
    await mp.page.tap({ text: '微信一键登录' })
    await mp.page.waitFor('logout')
    // A mini-program login carries no WeChat nickname: the app shows its default until the profile is edited.
    expect(mp.page.get('nickname').text()).toBe('微信用户')

    await mp.tapTab('首页')
    await mp.page.tap({ textContains: '陶瓷马克杯' })
    const product = await mp.waitForPage('src/pages/product/index')
    expect(product.query).toEqual({ id: 'p-mug' })
    await product.waitFor('buy')
    expect(product.get('price').text()).toBe('¥45.00')
    await product.tap('buy')

    const checkout = await mp.waitForPage('src/pages/checkout/index')
    await checkout.waitFor('pay')
    await checkout.tap('plus')
    expect(checkout.get('total').text()).toBe('¥90.00')
    await checkout.tap({ text: '微信支付' })

    const result = await mp.waitForPage('src/pages/pay-result/index', { timeout: 20_000 })
    await result.waitFor({ test: 'pay-status', text: '已支付' }, { timeout: 20_000 })
    expect(result.get('pay-result').text()).toContain('¥90.00')
    expect(mp.native.payments).toHaveLength(1)
    expect(mp.errors).toEqual([])
  })
})
