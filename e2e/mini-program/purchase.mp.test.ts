import { afterEach, describe, expect, it } from 'vitest'
import { launchMiniProgram, type LaunchOptions, type MiniProgram } from './runtime'
import { mpLocator } from './support/locator'
import { freshWechatUser } from './support/users'

interface EmulatorOrder {
  outTradeNo: string
  state: string
  total: number
  payerOpenid: string | null
}

async function emulatorControl<T>(path: string): Promise<T> {
  const res = await fetch(`${mpLocator().emulatorUrl}/__emulator/v1${path}`)
  expect(res.ok).toBe(true)
  return (await res.json()) as T
}

describe('the built mini program in a simulated WeChat client', () => {
  const clients: MiniProgram[] = []
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
  })

  async function launch(options: Partial<LaunchOptions> & { user: string }): Promise<MiniProgram> {
    const { buildDir, emulatorUrl } = mpLocator()
    const mp = await launchMiniProgram({ root: buildDir, emulatorUrl, ...options })
    clients.push(mp)
    return mp
  }

  it('launch → log in on 我的 → 首页 → product → 立即购买 → 微信支付 → 已支付', async () => {
    const user = await freshWechatUser()
    const mp = await launch({ user })
    expect(mp.page.route).toBe('src/pages/index/index')
    await mp.page.waitFor('product-list')

    await mp.tapTab('我的')
    // The launch's session check has settled: nothing stored, so a guest.
    await mp.page.waitFor({ text: '未登录' })
    await mp.page.tap('open-login')
    await mp.page.waitFor('login-panel')
    await mp.page.tap({ text: '微信一键登录' })
    await mp.page.waitFor('logout')
    // A mini-program login carries no WeChat nickname: the app shows its default until the profile is edited.
    expect(mp.page.get('nickname').text()).toBe('微信用户')
    expect(mp.page.find('login-panel')).toBeUndefined()

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
    expect(mp.stack).toEqual(['src/pages/index/index', 'src/pages/product/index', 'src/pages/pay-result/index'])

    // WeChat Pay's side, asked directly: the order the page shows is paid, by this user, for 90 yuan.
    expect(mp.native.payments).toHaveLength(1)
    const prepayId = mp.native.payments[0].replace('prepay_id=', '')
    const orders = await emulatorControl<(EmulatorOrder & { prepayId: string })[]>('/wxpay/orders')
    const order = orders.find((o) => o.prepayId === prepayId)
    const { openids } = await emulatorControl<{ openids: { mp: string } }>(`/users/${user}`)
    expect(order).toMatchObject({ state: 'SUCCESS', total: 9000, payerOpenid: openids.mp })
    expect(mp.errors).toEqual([])
    expect(mp.warnings).toEqual([])
  })

  it('a cold start checks the stored session with the server: kept while valid, dropped once refused', async () => {
    const user = await freshWechatUser()
    const first = await launch({ user, path: 'src/pages/mine/index' })
    await first.page.tap('open-login')
    await first.page.tap('login-code')
    await first.page.waitFor('logout')
    const storage = first.storageSnapshot()
    await first.close()

    const again = await launch({ user, path: 'src/pages/mine/index', storage })
    await again.page.waitFor('logout')
    expect(again.page.find('open-login')).toBeUndefined()
    await again.close()

    // A token the server no longer accepts (and no refresh token) is forgotten at launch.
    const tampered = { ...storage, wxkit_access_token: JSON.stringify('not-a-token'), wxkit_refresh_token: JSON.stringify('') }
    const refused = await launch({ user, path: 'src/pages/mine/index', storage: tampered })
    await refused.page.waitFor('open-login')
    expect(refused.storage.has('wxkit_access_token')).toBe(false)
    // The kit never writes uniCloud's uni-id slot.
    expect(refused.storage.has('uni_id_token')).toBe(false)
  })
})
