import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { emulator, freshWechatUser } from '../support/emulator'
import { createPaidOrder, invokeCloud } from '../support/cloud'
import { asMerchant } from '../support/merchant'
import { accessToken, afterFadeIn, appUrl, loginInPanel, recordCloudCalls, toast } from '../support/app'

/** Open 我的订单 by URL and log in there through the panel as `user`. */
async function ordersAs(page: Page, user: string): Promise<void> {
  await page.goto(appUrl('/src/pages/orders/index'))
  await page.locator('[data-test=login-panel]').waitFor({ timeout: 20_000 })
  await loginInPanel(page, user)
}

function card(page: Page, orderId: string) {
  return page.locator(`[data-test=order][data-order-id="${orderId}"]`)
}

/** The id of the order's newest refund request, as the buyer sees it. */
async function newestRefundId(token: string, orderId: string): Promise<string> {
  const { order } = await invokeCloud('pay', 'getOrder', [{ orderId }], { token })
  return order.refunds[0].refundId as string
}

describe('申请退款 (a request the merchant reviews)', () => {
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

  it('¥10.00 of a ¥68.00 order with a reason: 待商家审核, then, approved by the merchant, 部分退款 by itself', async () => {
    const user = await freshWechatUser('部分退款买家')
    const page = await openPage(browser)
    const calls = recordCloudCalls(page)
    await ordersAs(page, user)
    const token = await accessToken(page)
    const { orderId } = await createPaidOrder(token, user, 'p-coffee-beans')
    await page.reload()
    const order = card(page, orderId)
    await order.locator('[data-test=refund]').click({ timeout: 20_000 })

    const sheet = page.locator('[data-test=refund-sheet]')
    await sheet.waitFor()
    const amount = sheet.locator('[data-test=refund-amount] input')
    // By default everything that is left.
    expect(await amount.inputValue()).toBe('68.00')
    expect(await sheet.locator('[data-test=refund-sheet-summary]').textContent()).toBe('订单金额 ¥68.00 · 最多可退 ¥68.00')
    await afterFadeIn(page)
    await screenshot(page, 'refund-sheet-default')

    // What the form refuses before asking the server.
    await amount.fill('68.01')
    await sheet.locator('[data-test=refund-submit]').click()
    await expect.poll(() => sheet.locator('[data-test=refund-amount-error]').textContent()).toBe('最多可退 ¥68.00')
    expect(await sheet.locator('[data-test=refund-reason-error]').textContent()).toBe('请填写退款原因')
    await amount.fill('10.001')
    await expect.poll(() => sheet.locator('[data-test=refund-amount-error]').textContent()).toBe('金额最多两位小数')
    await amount.fill('0')
    await expect.poll(() => sheet.locator('[data-test=refund-amount-error]').textContent()).toBe('退款金额须大于 0')
    await screenshot(page, 'refund-sheet-invalid')
    expect(calls.filter((c) => c === 'pay.requestRefund')).toHaveLength(0)

    await amount.fill('10.00')
    await sheet.locator('[data-test=refund-reason] textarea').fill('少发了一包，退一包的钱')
    await sheet.locator('[data-test=refund-submit]').click()
    await expect.poll(() => toast(page).first().textContent(), { timeout: 10_000 }).toBe('已提交申请')
    await sheet.waitFor({ state: 'detached' })

    const refund = order.locator('[data-test=order-refund]')
    await expect.poll(() => refund.first().textContent()).toBe('退款 ¥10.00 · 待商家审核')
    // Still paid; no second request while this one waits.
    expect(await order.locator('[data-test=order-status]').textContent()).toBe('已支付')
    expect(await order.locator('[data-test=refund]').count()).toBe(0)
    await page.waitForTimeout(1500)
    await screenshot(page, 'refund-requested')

    // The merchant approves it (payAdmin, as the operator); the buyer's page is left alone.
    const lists = calls.filter((c) => c === 'pay.listOrders').length
    const approved = await asMerchant('approveRefund', { refundId: await newestRefundId(token, orderId) })
    expect(approved.refund).toMatchObject({ amount: 1000, reason: '少发了一包，退一包的钱' })
    await expect.poll(() => order.locator('[data-test=order-status]').textContent(), { timeout: 45_000 }).toBe('部分退款')
    await expect.poll(() => refund.first().textContent(), { timeout: 20_000 }).toBe('退款 ¥10.00 · 已退款')
    expect(await order.locator('[data-test=order-refund-summary]').textContent()).toBe('已退 ¥10.00 · 可退 ¥58.00')
    expect(calls.filter((c) => c === 'pay.listOrders').length).toBe(lists)
    // What is left can be asked for again, and the form starts from it.
    await order.locator('[data-test=refund]').click()
    expect(await amount.inputValue()).toBe('58.00')
    expect(await sheet.locator('[data-test=refund-sheet-summary]').textContent()).toBe('订单金额 ¥68.00 · 已退 ¥10.00 · 最多可退 ¥58.00')
    await sheet.locator('[data-test=refund-cancel]').click()
    await sheet.waitFor({ state: 'detached' })
    await screenshot(page, 'refund-partially-refunded')
    // A partly refunded order keeps its receipt, and the 退款 tab lists it.
    await order.locator('[data-test=receipt]').waitFor({ timeout: 10_000 })
    await page.locator('.tab', { hasText: '退款' }).click()
    await order.waitFor({ timeout: 20_000 })
    await page.context().close()
  })

  it('rejected by the merchant: the card says 商家已拒绝 with the reason, by itself; a new request can be sent', async () => {
    const user = await freshWechatUser('被拒买家')
    const page = await openPage(browser)
    await ordersAs(page, user)
    const token = await accessToken(page)
    const { orderId } = await createPaidOrder(token, user, 'p-mug')
    expect((await invokeCloud('pay', 'requestRefund', [{ orderId, amount: 4500, reason: '不想要了' }], { token })).errCode).toBe(0)
    await page.reload()
    const order = card(page, orderId)
    await expect.poll(() => order.locator('[data-test=order-refund]').first().textContent(), { timeout: 20_000 }).toBe('退款 ¥45.00 · 待商家审核')
    await asMerchant('rejectRefund', { refundId: await newestRefundId(token, orderId), reason: '商品已签收，请联系客服' })
    await expect
      .poll(() => order.locator('[data-test=order-refund]').first().textContent(), { timeout: 45_000 })
      .toBe('退款 ¥45.00 · 商家已拒绝：商品已签收，请联系客服')
    expect(await order.locator('[data-test=order-status]').textContent()).toBe('已支付')
    await order.locator('[data-test=refund]').waitFor()
    await screenshot(page, 'refund-rejected')
    await page.context().close()
  })

  it('the server refusing the amount (refunded meanwhile) is said in the form, which stays open to fix it', async () => {
    const user = await freshWechatUser('超额买家')
    const page = await openPage(browser)
    await ordersAs(page, user)
    const token = await accessToken(page)
    const { orderId } = await createPaidOrder(token, user, 'p-coffee-beans')
    await page.reload()
    const order = card(page, orderId)
    await order.locator('[data-test=refund]').click({ timeout: 20_000 })
    const sheet = page.locator('[data-test=refund-sheet]')
    await sheet.waitFor()
    // Meanwhile the merchant refunds ¥60.00 on their own: the form's ¥68.00 is more than is left.
    await asMerchant('refundOrder', { orderId, amount: 6000, reason: '缺货' })
    await expect.poll(async () => (await invokeCloud('pay', 'getOrder', [{ orderId }], { token })).order.refunded, { timeout: 20_000 }).toBe(6000)
    await sheet.locator('[data-test=refund-reason] textarea').fill('全部退掉')
    await sheet.locator('[data-test=refund-submit]').click()
    await expect.poll(() => sheet.locator('[data-test=refund-error]').textContent(), { timeout: 10_000 }).toBe('退款金额超过可退金额')
    // The form now knows what is left and says it at the amount; what the buyer typed stays.
    await expect.poll(() => sheet.locator('[data-test=refund-amount-error]').textContent()).toBe('最多可退 ¥8.00')
    expect(await sheet.locator('[data-test=refund-sheet-summary]').textContent()).toBe('订单金额 ¥68.00 · 已退 ¥60.00 · 最多可退 ¥8.00')
    expect(await sheet.locator('[data-test=refund-reason] textarea').inputValue()).toBe('全部退掉')
    await screenshot(page, 'refund-sheet-server-error')
    await sheet.locator('[data-test=refund-amount] input').fill('8')
    // Changed since the refusal: it is no longer shown.
    expect(await sheet.locator('[data-test=refund-error]').count()).toBe(0)
    await sheet.locator('[data-test=refund-submit]').click()
    await sheet.waitFor({ state: 'detached', timeout: 10_000 })
    await expect.poll(() => order.locator('[data-test=order-refund]').first().textContent()).toBe('退款 ¥8.00 · 待商家审核')
    await page.context().close()
  })
})
