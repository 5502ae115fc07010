import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { emulator, freshWechatUser, payOnPhone } from '../support/emulator'
import { accessToken, appUrl, loginOnMine, modal, recordCloudCalls, toast } from '../support/app'
import { invokeCloud } from '../support/cloud'

const MOBILE_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
const DESKTOP = { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36', viewport: { width: 1280, height: 800 } }

function card(page: Page, orderId: string) {
  return page.locator(`[data-test=order][data-order-id="${orderId}"]`)
}

/** Checkout of `productId` on a desktop browser up to the QR code; answers the order and its emulator "scan" link. */
async function leaveAtQr(page: Page, productId: string): Promise<{ orderId: string; scan: string }> {
  await page.goto(appUrl(`/src/pages/checkout/index?id=${productId}`))
  await page.locator('[data-test=pay]').click({ timeout: 20_000 })
  await page.locator('[data-test=pay-qr]').waitFor({ timeout: 20_000 })
  const orderId = new URLSearchParams(page.url().split('?').pop()).get('orderId')!
  return { orderId, scan: (await page.locator('[data-test=pay-qr-simulate]').getAttribute('href'))! }
}

/** The trades WeChat Pay (the emulator) holds for these out_trade_nos. */
async function tradesOf(outTradeNos: string[]): Promise<Array<{ outTradeNo: string; tradeType: string; state: string }>> {
  const all = await emulator<Array<{ outTradeNo: string; tradeType: string; state: string }>>('GET', 'wxpay/orders')
  return all.filter((t) => outTradeNos.includes(t.outTradeNo))
}

describe('继续支付', () => {
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

  // Issue 9 item 10 / issue 11 item 4: a reload while the QR code showed left a 待支付 order with only 取消订单.
  it('desktop: an order left at its QR code is paid again from 我的订单, its QR code surviving a reload, on the same trade', async () => {
    const user = await freshWechatUser('继续支付买家')
    const page = await openPage(browser, DESKTOP)
    const calls = recordCloudCalls(page)
    await loginOnMine(page, user)
    const { orderId, scan } = await leaveAtQr(page, 'p-mug')

    // Gone from the QR code: 我的订单, opened by URL and reloaded.
    await page.goto(appUrl('/src/pages/orders/index'))
    await page.reload()
    const order = card(page, orderId)
    await expect.poll(() => order.locator('[data-test=order-status]').textContent(), { timeout: 20_000 }).toBe('待支付')
    expect(await order.locator('[data-test=order-payable-until]').textContent()).toMatch(/^\s*请在 \d{4}-\d\d-\d\d \d\d:\d\d 前支付\s*$/)
    await screenshot(page, 'continue-pay-orders')
    await order.locator('[data-test=continue-pay]').click()

    const qr = page.locator('[data-test=pay-qr]')
    await qr.waitFor({ timeout: 20_000 })
    // The page showing the QR code names the order in its URL; the same channel reuses the trade: the same code_url.
    expect(page.url()).toContain(`#/src/pages/orders/index?qr=${orderId}`)
    expect(await page.locator('[data-test=pay-qr-simulate]').getAttribute('href')).toBe(scan)
    await page.reload()
    await qr.waitFor({ timeout: 20_000 })
    expect(await page.locator('[data-test=pay-qr-simulate]').getAttribute('href')).toBe(scan)
    expect(await qr.locator('img').first().getAttribute('src')).toContain('data:image/svg+xml')
    await screenshot(page, 'continue-pay-orders-qr-after-reload')

    await payOnPhone(page.context(), scan)
    await expect.poll(() => page.locator('[data-test=pay-status]').textContent(), { timeout: 30_000 }).toBe('已支付')
    expect(page.url()).toContain(`#/src/pages/pay-result/index?orderId=${orderId}`)
    expect(await page.locator('[data-test=pay-result]').textContent()).toContain('¥45.00')
    expect(calls.filter((c) => c === 'pay.payOrder')).toHaveLength(1)

    // One trade at WeChat Pay, paid once.
    const view = await invokeCloud('pay', 'getOrder', [{ orderId }], { token: await accessToken(page) })
    expect(view.order).toMatchObject({ status: 'PAID', channel: 'native' })
    expect(await tradesOf([view.order.outTradeNo])).toEqual([expect.objectContaining({ tradeType: 'NATIVE', state: 'SUCCESS' })])
    await page.context().close()
  })

  it('desktop: the result page of an unpaid order offers 继续支付; its QR code survives a reload; paid, it says 已支付', async () => {
    const user = await freshWechatUser('结果页买家')
    const page = await openPage(browser, DESKTOP)
    await loginOnMine(page, user)
    const { orderId, scan } = await leaveAtQr(page, 'p-drip-bags')

    await page.goto(appUrl(`/src/pages/pay-result/index?orderId=${orderId}`))
    await page.reload()
    const offer = page.locator('[data-test=pay-result-offer]')
    // Still unpaid after a few seconds: 继续支付 beside the wait.
    await offer.waitFor({ timeout: 20_000 })
    expect(await offer.textContent()).toContain('¥39.90')
    expect(await page.locator('[data-test=pay-result-payable-until]').textContent()).toMatch(/尚未支付，请在 \d{4}-\d\d-\d\d \d\d:\d\d 前支付/)
    await screenshot(page, 'continue-pay-result-offer')
    await page.locator('[data-test=continue-pay]').click()

    const qr = page.locator('[data-test=pay-qr]')
    await qr.waitFor({ timeout: 20_000 })
    expect(page.url()).toContain(`#/src/pages/pay-result/index?orderId=${orderId}&qr=1`)
    await page.reload()
    await qr.waitFor({ timeout: 20_000 })
    expect(await page.locator('[data-test=pay-qr-simulate]').getAttribute('href')).toBe(scan)

    await payOnPhone(page.context(), scan)
    await expect.poll(() => page.locator('[data-test=pay-status]').textContent(), { timeout: 30_000 }).toBe('已支付')
    expect(page.url()).not.toContain('qr=1')
    expect(await page.locator('[data-test=pay-result-offer]').count()).toBe(0)
    await screenshot(page, 'continue-pay-result-paid')
    await page.context().close()
  })

  it('mobile browser: back from the cashier without paying, 继续支付 on the result page opens the cashier again → 已支付', async () => {
    const user = await freshWechatUser('手机继续支付买家')
    const page = await openPage(browser, { userAgent: MOBILE_UA, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const calls = recordCloudCalls(page)
    await loginOnMine(page, user)
    await page.goto(appUrl('/src/pages/checkout/index?id=p-sticker'))
    await page.locator('[data-test=pay]').click({ timeout: 20_000 })
    await page.waitForURL(/\/__emulator\/cashier\/h5\?/, { timeout: 20_000 })
    const cashier = page.url()
    await page.getByRole('button', { name: '取消' }).click()
    await page.waitForURL(/#\/src\/pages\/pay-result\/index\?orderId=/, { timeout: 20_000 })
    await page.locator('[data-test=pay-result-offer]').waitFor({ timeout: 20_000 })
    await screenshot(page, 'continue-pay-mobile-result-offer')
    await page.locator('[data-test=continue-pay]').click()
    // The same channel reuses the trade: the same cashier, back to the same result page.
    await page.waitForURL(/\/__emulator\/cashier\/h5\?/, { timeout: 20_000 })
    expect(new URL(page.url()).searchParams.get('prepay_id')).toBe(new URL(cashier).searchParams.get('prepay_id'))
    await page.getByRole('button', { name: '确认支付' }).click()
    await page.waitForURL(/#\/src\/pages\/pay-result\/index\?orderId=/, { timeout: 20_000 })
    await expect.poll(() => page.locator('[data-test=pay-status]').textContent(), { timeout: 30_000 }).toBe('已支付')
    expect(calls.filter((c) => c === 'pay.createOrder')).toHaveLength(1)
    expect(calls.filter((c) => c === 'pay.payOrder')).toHaveLength(1)
    await page.context().close()
  })

  it('switching channel on an order paid meanwhile: payOrder finds it paid, 我的订单 says 订单已支付 and shows it paid', async () => {
    const user = await freshWechatUser('已付买家')
    const page = await openPage(browser, DESKTOP)
    await loginOnMine(page, user)
    const { orderId, scan } = await leaveAtQr(page, 'p-sticker')
    await page.goto(appUrl('/src/pages/orders/index'))
    const order = card(page, orderId)
    await order.locator('[data-test=continue-pay]').waitFor({ timeout: 20_000 })
    // Paid on the phone while the list was on screen; every notify is lost, so the kit does not know yet.
    await emulator('POST', 'faults', { notify: 'drop', times: 50 })
    await payOnPhone(page.context(), scan)
    // The visible dev switch (an unpaid order is listed): pay as the mini program would, so the Native trade must be closed first.
    const devSwitch = page.locator('[data-test=dev-pay-channel]')
    expect(await devSwitch.textContent()).toContain('本浏览器按 Native 扫码 支付')
    await page.locator('[data-test=dev-simulate-mp]').click()
    expect(await devSwitch.textContent()).toContain('按小程序渠道支付')
    await order.locator('[data-test=continue-pay]').click()
    // WeChat Pay refuses to close a paid trade: the kit applies the payment instead of placing a second trade.
    await expect.poll(() => toast(page).first().textContent(), { timeout: 20_000 }).toBe('订单已支付')
    await expect.poll(() => order.locator('[data-test=order-status]').textContent(), { timeout: 20_000 }).toBe('已支付')
    // Nothing moved the page: the checkout left under it (its QR code's order now paid) stays quiet while hidden.
    await page.waitForTimeout(3000)
    expect(page.url()).toContain('#/src/pages/orders/index')
    const view = await invokeCloud('pay', 'getOrder', [{ orderId }], { token: await accessToken(page) })
    expect(view.order).toMatchObject({ status: 'PAID', channel: 'native' })
    await page.context().close()
  })

  it('an order closed meanwhile (elsewhere, or by the timer once expired): 继续支付 is refused with a clear message, and the card shows it closed', async () => {
    const user = await freshWechatUser('超时买家')
    const page = await openPage(browser, DESKTOP)
    await loginOnMine(page, user)
    const { orderId } = await leaveAtQr(page, 'p-sticker')
    await page.goto(appUrl('/src/pages/orders/index'))
    const order = card(page, orderId)
    await order.locator('[data-test=continue-pay]').waitFor({ timeout: 20_000 })
    // Closed behind the page's back (at WeChat Pay and in the kit), as the timer would close an expired order.
    expect((await invokeCloud('pay', 'closeOrder', [{ orderId }], { token: await accessToken(page) })).errCode).toBe(0)
    await order.locator('[data-test=continue-pay]').click()
    await expect.poll(() => modal(page).content.textContent(), { timeout: 10_000 }).toBe('订单已关闭或已支付')
    await modal(page).confirm.click()
    await expect.poll(() => order.locator('[data-test=order-status]').textContent(), { timeout: 20_000 }).toBe('已关闭')
    expect(await order.locator('[data-test=continue-pay]').count()).toBe(0)
    await page.context().close()
  })
})
