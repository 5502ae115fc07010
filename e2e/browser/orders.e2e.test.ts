import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { emulator, freshWechatUser } from '../support/emulator'
import { createPaidOrder, invokeCloud } from '../support/cloud'
import { asMerchant } from '../support/merchant'
import { accessToken, afterFadeIn, appUrl, loginInPanel, modal, recordCloudCalls, toast } from '../support/app'

/** Open 我的订单 by URL and log in there through the panel as `user`. */
async function ordersAs(page: Page, user: string): Promise<void> {
  await page.goto(appUrl('/src/pages/orders/index'))
  await page.locator('[data-test=login-panel]').waitFor({ timeout: 20_000 })
  await loginInPanel(page, user)
}

/** An unpaid order of the logged-in user (placed through the pay object, as the mini program would). */
async function unpaidOrder(token: string, productId = 'p-sticker'): Promise<string> {
  const created = await invokeCloud('pay', 'createOrder', [{ items: [{ productId, quantity: 1 }], channel: 'miniprogram' }], { token })
  expect(created.errCode).toBe(0)
  return created.orderId as string
}

function card(page: Page, orderId: string) {
  return page.locator(`[data-test=order][data-order-id="${orderId}"]`)
}

describe('我的订单', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterEach(async () => {
    await emulator('DELETE', 'faults')
  })
  afterAll(async () => {
    await browser?.close()
  })

  // Regression: a refund stayed 退款中 until the user switched tabs, though its notify was applied at once.
  it('an approved refund turns 退款中 → 已退款 on its own while the page is shown, by polling that order', async () => {
    const user = await freshWechatUser('退款用户')
    const page = await openPage(browser)
    const calls = recordCloudCalls(page)
    await ordersAs(page, user)
    const token = await accessToken(page)
    const order = await createPaidOrder(token, user, 'p-mug', 1)
    const { refund } = await invokeCloud('pay', 'requestRefund', [{ orderId: order.orderId, reason: '测试' }], { token })
    await page.reload()
    const line = card(page, order.orderId).locator('[data-test=order-refund]').first()
    await expect.poll(() => line.textContent(), { timeout: 20_000 }).toBe('退款 ¥45.00 · 待商家审核')
    // Approved; WeChat Pay settles the refund at once, its notify reaches the kit 10 s later.
    await emulator('POST', 'faults', { notify: 'delay', delayMs: 10_000 })
    await asMerchant('approveRefund', { refundId: refund.refundId })
    await expect.poll(() => line.textContent(), { timeout: 30_000 }).toBe('退款 ¥45.00 · 退款中')
    await screenshot(page, 'orders-refunding')
    const listsWhileRefunding = calls.filter((c) => c === 'pay.listOrders').length
    await expect.poll(() => line.textContent(), { timeout: 30_000 }).toBe('退款 ¥45.00 · 已退款')
    expect(await card(page, order.orderId).locator('[data-test=order-status]').textContent()).toBe('已退款')
    // Nobody reloaded or switched tabs: the page asked for that order until it settled.
    expect(calls.filter((c) => c === 'pay.listOrders').length).toBe(listsWhileRefunding)
    expect(calls.filter((c) => c === 'pay.getOrder').length).toBeGreaterThanOrEqual(2)
    await screenshot(page, 'orders-refunded')
    await page.context().close()
  })

  it('stops polling while hidden and resumes when shown again', async () => {
    const user = await freshWechatUser('隐藏页用户')
    const page = await openPage(browser)
    const calls = recordCloudCalls(page)
    await ordersAs(page, user)
    const token = await accessToken(page)
    const order = await createPaidOrder(token, user, 'p-mug', 1)
    // Every delivery of the refund notify is lost: the refund stays 退款中 (no timer runs here).
    await emulator('POST', 'faults', { notify: 'drop', times: 50 })
    const { refund } = await invokeCloud('pay', 'requestRefund', [{ orderId: order.orderId, reason: '测试' }], { token })
    await asMerchant('approveRefund', { refundId: refund.refundId })
    await page.reload()
    await expect.poll(() => card(page, order.orderId).locator('[data-test=order-refund]').first().textContent(), { timeout: 20_000 }).toBe('退款 ¥45.00 · 退款中')
    await expect.poll(() => calls.filter((c) => c === 'pay.getOrder').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2)

    // Another page on top: 我的订单 is hidden, its polling stops.
    await page.goto(appUrl('/src/pages/index/index'))
    await page.locator('[data-test=product-list]').waitFor({ timeout: 20_000 })
    await page.waitForTimeout(1500)
    const whileHidden = calls.filter((c) => c === 'pay.getOrder').length
    await page.waitForTimeout(4000)
    expect(calls.filter((c) => c === 'pay.getOrder').length).toBe(whileHidden)

    // Back to it: shown again, refetched and watched again.
    await page.goBack()
    await expect.poll(() => calls.filter((c) => c === 'pay.getOrder').length, { timeout: 10_000 }).toBeGreaterThan(whileHidden)
    await page.context().close()
  })

  // Regression: 取消订单 had no confirmation and no feedback.
  it('取消订单 asks first, does nothing on 再想想, and says 订单已取消 when done', async () => {
    const user = await freshWechatUser('取消用户')
    const page = await openPage(browser)
    await ordersAs(page, user)
    const orderId = await unpaidOrder(await accessToken(page))
    await page.reload()
    const close = card(page, orderId).locator('[data-test=close-order]')
    await close.click({ timeout: 20_000 })
    await expect.poll(() => modal(page).title.textContent()).toBe('取消订单')
    expect(await modal(page).content.textContent()).toContain('¥0.01')
    await afterFadeIn(page)
    await screenshot(page, 'orders-cancel-confirm')
    await modal(page).cancel.click()
    await page.waitForTimeout(500)
    expect(await card(page, orderId).locator('[data-test=order-status]').textContent()).toBe('待支付')

    await close.click()
    await modal(page).confirm.click()
    await expect.poll(() => toast(page).first().textContent(), { timeout: 10_000 }).toBe('订单已取消')
    await screenshot(page, 'orders-cancelled-toast')
    await expect.poll(() => card(page, orderId).locator('[data-test=order-status]').textContent(), { timeout: 10_000 }).toBe('已关闭')
    await page.context().close()
  })

  // Regression: every status label had the same green, and cards showed no order time.
  it('each status has its own colour, and every card shows when it was ordered', async () => {
    const user = await freshWechatUser('多状态用户')
    const page = await openPage(browser)
    await ordersAs(page, user)
    const token = await accessToken(page)
    const notpay = await unpaidOrder(token)
    const closed = await unpaidOrder(token)
    expect((await invokeCloud('pay', 'closeOrder', [{ orderId: closed }], { token })).errCode).toBe(0)
    const paid = (await createPaidOrder(token, user, 'p-mug', 1)).orderId
    const refunded = (await createPaidOrder(token, user, 'p-drip-bags', 1)).orderId
    const { refund } = await invokeCloud('pay', 'requestRefund', [{ orderId: refunded, reason: '测试' }], { token })
    await asMerchant('approveRefund', { refundId: refund.refundId })
    await emulator('POST', 'wxpay/notifies/flush')
    await page.reload()
    const expected: Record<string, string> = { [notpay]: '待支付', [closed]: '已关闭', [paid]: '已支付', [refunded]: '已退款' }
    for (const [id, text] of Object.entries(expected)) {
      await expect.poll(() => card(page, id).locator('[data-test=order-status]').textContent(), { timeout: 20_000 }).toBe(text)
    }
    const colours = await page.locator('[data-test=order-status]').evaluateAll((els) =>
      els.map((el) => `${getComputedStyle(el).color}|${getComputedStyle(el).backgroundColor}`),
    )
    expect(new Set(colours).size).toBe(4)
    for (const time of await page.locator('[data-test=order-time]').allTextContents()) expect(time).toMatch(/^下单时间 \d{4}-\d\d-\d\d \d\d:\d\d$/)
    expect(await page.locator('[data-test=order-time]').count()).toBe(4)
    await screenshot(page, 'orders-statuses')
    await page.context().close()
  })

  it('a mini-program order shows its shipping: 待发货, then 已发货 with the carrier and tracking number; virtual goods 已发货 at once', async () => {
    const user = await freshWechatUser('发货用户')
    const page = await openPage(browser)
    await ordersAs(page, user)
    const token = await accessToken(page)
    const parcel = (await createPaidOrder(token, user, 'p-mug', 1)).orderId
    const sticker = (await createPaidOrder(token, user, 'p-sticker', 1)).orderId
    // Each gets its shipping entry when its fulfilment is done (right after the payment).
    for (const orderId of [parcel, sticker]) {
      await expect.poll(async () => (await invokeCloud('pay', 'getOrder', [{ orderId }], { token })).order.shipping?.state, { timeout: 20_000 }).toBeDefined()
    }
    await page.reload()
    const shipping = (orderId: string) => card(page, orderId).locator('[data-test=order-shipping]')
    await expect.poll(() => shipping(parcel).textContent(), { timeout: 20_000 }).toBe('待发货')
    expect(await shipping(sticker).textContent()).toBe('已发货')
    await screenshot(page, 'orders-shipping-waiting')

    await asMerchant('enterShipment', { orderId: parcel, logisticsType: 1, expressCompany: 'YTO', trackingNo: 'YT7312345678901' })
    await page.reload()
    await expect.poll(() => shipping(parcel).textContent(), { timeout: 20_000 }).toBe('已发货 · 圆通速递 YT7312345678901')
    await screenshot(page, 'orders-shipping-shipped')
    await page.context().close()
  })

  // Regression: the logged-out placeholder put its 登录 button beside the text, misaligned and clipped.
  it('logged out: a centred placeholder, its 登录 button whole under the text', async () => {
    const page = await openPage(browser)
    await page.goto(appUrl('/src/pages/orders/index'))
    await page.locator('[data-test=login-panel]').waitFor({ timeout: 20_000 })
    await page.getByText('暂不登录').click()
    const gate = page.locator('[data-test=orders-login]')
    await gate.waitFor()
    const text = (await gate.locator('.gate-title').boundingBox())!
    const button = (await gate.locator('[data-test=orders-login-button]').boundingBox())!
    const viewport = page.viewportSize()!
    expect(button.y).toBeGreaterThanOrEqual(text.y + text.height)
    expect(Math.abs(button.x + button.width / 2 - viewport.width / 2)).toBeLessThan(2)
    expect(Math.abs(text.x + text.width / 2 - viewport.width / 2)).toBeLessThan(2)
    // Not clipped: the label fits its button.
    expect(await gate.locator('[data-test=orders-login-button]').evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true)
    await screenshot(page, 'orders-logged-out')
    await gate.locator('[data-test=orders-login-button]').click()
    await expect.poll(() => page.locator('[data-test=login-panel] .reason').textContent()).toBe('登录后查看订单')
    await page.context().close()
  })
})
