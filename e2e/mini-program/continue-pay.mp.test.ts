import { afterEach, describe, expect, it } from 'vitest'
import { launchMiniProgram, type MiniProgram } from './runtime'
import { mpLocator } from './support/locator'
import { freshWechatUser } from './support/users'

describe('我的订单 in the mini program: 继续支付 and 申请退款', () => {
  const clients: MiniProgram[] = []
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
  })

  it('a payment sheet closed at checkout leaves an unpaid order; 继续支付 on 我的订单 pays that order → 已支付', async () => {
    const { buildDir, emulatorUrl } = mpLocator()
    const mp = await launchMiniProgram({ root: buildDir, emulatorUrl, user: await freshWechatUser(), path: 'src/pages/mine/index' })
    clients.push(mp)
    await mp.page.tap('open-login')
    await mp.page.tap('login-code')
    await mp.page.waitFor('logout')

    await mp.tapTab('首页')
    await mp.page.tap({ textContains: '陶瓷马克杯' })
    const product = await mp.waitForPage('src/pages/product/index')
    await product.tap('buy')
    const checkout = await mp.waitForPage('src/pages/checkout/index')
    await checkout.waitFor('pay')
    mp.native.payment = 'cancel'
    await checkout.tap('pay')
    await expect.poll(() => mp.native.toasts.map((t) => t.title)).toContain('已取消支付')
    expect(mp.native.payments).toHaveLength(0)

    await mp.tapTab('我的')
    await mp.page.tap('menu-orders')
    const orders = await mp.waitForPage('src/pages/orders/index')
    await orders.waitFor('continue-pay')
    expect(orders.get('order-status').text()).toBe('待支付')
    expect(orders.get('order-payable-until').text()).toMatch(/请在 \d{4}-\d\d-\d\d \d\d:\d\d 前支付/)
    // No dev switch in the mini program: it pays on its own channel.
    expect(orders.find('dev-pay-channel')).toBeUndefined()
    const orderId = orders.get('order').dataset.orderId

    mp.native.payment = 'pay'
    await orders.tap('continue-pay')
    const result = await mp.waitForPage('src/pages/pay-result/index', { timeout: 20_000 })
    expect(result.query).toEqual({ orderId })
    await result.waitFor({ test: 'pay-status', text: '已支付' }, { timeout: 20_000 })
    expect(result.get('pay-result').text()).toContain('¥45.00')
    // One payment, of the order created at checkout (the same trade, its prepay reused).
    expect(mp.native.payments).toHaveLength(1)
    expect(mp.errors).toEqual([])
  })

  it('申请退款 of part of a paid order through the form (amount and reason) → 待商家审核', async () => {
    const { buildDir, emulatorUrl } = mpLocator()
    const mp = await launchMiniProgram({ root: buildDir, emulatorUrl, user: await freshWechatUser(), path: 'src/pages/mine/index' })
    clients.push(mp)
    await mp.page.tap('open-login')
    await mp.page.tap('login-code')
    await mp.page.waitFor('logout')
    await mp.tapTab('首页')
    await mp.page.tap({ textContains: '云南小粒咖啡豆' })
    const product = await mp.waitForPage('src/pages/product/index')
    await product.tap('buy')
    const checkout = await mp.waitForPage('src/pages/checkout/index')
    await checkout.tap('pay')
    const result = await mp.waitForPage('src/pages/pay-result/index', { timeout: 20_000 })
    await result.waitFor({ test: 'pay-status', text: '已支付' }, { timeout: 20_000 })
    await result.tap({ text: '查看订单' })

    const orders = await mp.waitForPage('src/pages/orders/index')
    await orders.tap('refund')
    await orders.waitFor('refund-sheet')
    expect(orders.get('refund-amount').props.value).toBe('68.00')
    await orders.get('refund-amount').type('100')
    await orders.tap('refund-submit')
    expect(orders.get('refund-amount-error').text()).toBe('最多可退 ¥68.00')
    await orders.get('refund-amount').type('10.5')
    await orders.get('refund-reason').type('口味不合适')
    await orders.tap('refund-submit')
    await orders.waitFor({ test: 'order-refund', text: '退款 ¥10.50 · 待商家审核' })
    expect(orders.find('refund-sheet')).toBeUndefined()
    expect(mp.native.toasts.map((t) => t.title)).toContain('已提交申请')
    expect(orders.get('order-status').text()).toBe('已支付')
    expect(mp.errors).toEqual([])
  })
})
