import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { e2eLocator } from '../support/locator'
import { emulator, freshWechatUser, payOnPhone } from '../support/emulator'
import { accessToken, loginOnMine, recordCloudCalls } from '../support/app'
import { invokeCloud } from '../support/cloud'

const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN'
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'
const MOBILE_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'

/** The out_trade_no of the order the result page shows. */
async function outTradeNoOf(page: Page): Promise<string> {
  const orderId = new URLSearchParams(page.url().split('?').pop()).get('orderId')
  const answer = await invokeCloud('pay', 'getOrder', [{ orderId }], { token: await accessToken(page) })
  return answer.order.outTradeNo as string
}

/** The trade type WeChat Pay (the emulator) holds for an order. */
async function tradeTypeOf(outTradeNo: string): Promise<string | undefined> {
  const orders = await emulator<Array<{ outTradeNo: string; tradeType: string }>>('GET', 'wxpay/orders')
  return orders.find((o) => o.outTradeNo === outTradeNo)?.tradeType
}

/** Open a product and go to its checkout page (logged in already). */
async function checkout(page: Page, productId: string): Promise<void> {
  await page.goto(`${e2eLocator().h5Url}#/src/pages/product/index?id=${productId}`)
  await page.locator('[data-test=buy]').click()
  await page.locator('[data-test=pay]').waitFor({ timeout: 20_000 })
}

/** Log in on 我的 through the given login button, and wait until the session shows. */
async function login(page: Page, button: 'login-code' | 'login-oauth'): Promise<void> {
  await page.goto(`${e2eLocator().h5Url}#/src/pages/mine/index`)
  await page.locator('[data-test=open-login]').click()
  await page.locator(`[data-test=${button}]`).click()
  await page.locator('[data-test=logout]').waitFor({ timeout: 20_000 })
}

describe('buying in the browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('desktop: Native QR code, "scanned" on the emulator cashier, turns into 已支付', async () => {
    await freshWechatUser('桌面买家')
    const page = await openPage(browser, { userAgent: DESKTOP_UA, viewport: { width: 1280, height: 800 } })
    await login(page, 'login-code')
    await checkout(page, 'p-mug')
    await page.locator('[data-test=plus]').click()
    await expect.poll(() => page.locator('[data-test=total]').textContent()).toBe('¥90.00')
    await page.locator('[data-test=pay]').click()
    const qr = page.locator('[data-test=pay-qr]')
    await qr.waitFor({ timeout: 20_000 })
    // The QR encodes WeChat Pay's code_url; in development a link stands in for the phone's scan.
    expect(await qr.locator('img').first().getAttribute('src')).toContain('data:image/svg+xml')
    await screenshot(page, 'pay-native-qr')
    const href = await page.locator('[data-test=pay-qr-simulate]').getAttribute('href')
    expect(href).toContain('/__emulator/cashier/native?pr=')

    await payOnPhone(page.context(), href!)

    // The desktop page polls the order and moves to the result once WeChat Pay confirms.
    await expect.poll(() => page.locator('[data-test=pay-status]').textContent(), { timeout: 30_000 }).toBe('已支付')
    expect(await page.locator('[data-test=pay-result]').textContent()).toContain('¥90.00')
    await screenshot(page, 'pay-native-paid')
    await page.context().close()
  })

  it('WeChat browser: JSAPI through WeixinJSBridge (a shim calling the emulator as the phone would) shows 已支付', async () => {
    const user = await freshWechatUser('公众号买家')
    const page = await openPage(browser, { userAgent: WECHAT_UA })
    // Stand-in for WeChat's bridge: hands the signed parameters to the emulator's pay
    // control, which verifies paySign and the payer exactly as the phone would.
    const bridgeCalls: string[] = []
    await page.exposeFunction('__recordBridgeCall', (api: string) => bridgeCalls.push(api))
    await page.addInitScript(
      ({ emulatorUrl, user }) => {
        ;(window as unknown as { WeixinJSBridge: unknown }).WeixinJSBridge = {
          invoke(api: string, params: Record<string, string>, cb: (res: { err_msg: string }) => void) {
            void (window as unknown as { __recordBridgeCall: (a: string) => void }).__recordBridgeCall(api)
            // Other JS-SDK calls (the product page configures sharing through the bridge) are not payments.
            if (api !== 'getBrandWCPayRequest') return cb({ err_msg: `${api}:ok` })
            fetch(`${emulatorUrl}/__emulator/v1/wxpay/pay`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ ...params, user }),
            }).then((res) => cb({ err_msg: res.ok ? 'get_brand_wcpay_request:ok' : 'get_brand_wcpay_request:fail' }))
          },
        }
      },
      { emulatorUrl: e2eLocator().emulatorUrl, user },
    )
    await login(page, 'login-oauth')
    await checkout(page, 'p-sticker')
    await page.locator('[data-test=pay]').click()
    await expect.poll(() => page.locator('[data-test=pay-status]').textContent(), { timeout: 30_000 }).toBe('已支付')
    expect(bridgeCalls.filter((api) => api === 'getBrandWCPayRequest')).toEqual(['getBrandWCPayRequest'])
    expect(await page.locator('[data-test=pay-result]').textContent()).toContain('¥0.01')
    await screenshot(page, 'pay-jsapi-paid')

    // The order is listed as paid on 我的订单.
    await page.locator('text=查看订单').click()
    await expect.poll(() => page.locator('[data-test=order-status]').first().textContent(), { timeout: 20_000 }).toBe('已支付')
    await page.context().close()
  })

  // Regression: a mobile browser was sent to the mini-program channel whenever the emulator was configured.
  it('mobile browser: h5_url → the emulator cashier → 确认支付 → back on the result page → 已支付', async () => {
    const user = await freshWechatUser('手机浏览器买家')
    const page = await openPage(browser, { userAgent: MOBILE_UA, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    const calls = recordCloudCalls(page)
    await loginOnMine(page, user)
    await checkout(page, 'p-drip-bags')
    // The dev-only shortcut is an explicit switch, off: this browser pays on its own channel.
    const devSwitch = page.locator('[data-test=dev-pay-channel]')
    expect(await devSwitch.textContent()).toContain('本浏览器按 H5 收银台 支付')
    await screenshot(page, 'pay-h5-checkout')
    await page.locator('[data-test=pay]').click()
    await page.waitForURL(/\/__emulator\/cashier\/h5\?/, { timeout: 20_000 })
    expect(new URL(page.url()).searchParams.get('redirect_url')).toMatch(/#\/src\/pages\/pay-result\/index\?orderId=/)
    await screenshot(page, 'pay-h5-cashier')
    await page.getByRole('button', { name: '确认支付' }).click()
    await page.waitForURL(/#\/src\/pages\/pay-result\/index\?orderId=/, { timeout: 20_000 })
    await expect.poll(() => page.locator('[data-test=pay-status]').textContent(), { timeout: 30_000 }).toBe('已支付')
    expect(await page.locator('[data-test=pay-result]').textContent()).toContain('¥39.90')
    await screenshot(page, 'pay-h5-paid')
    expect(calls.filter((c) => c === 'pay.createOrder')).toHaveLength(1)
    // WeChat Pay holds it as an H5 (MWEB) trade.
    expect(await tradeTypeOf(await outTradeNoOf(page))).toBe('MWEB')
    await page.context().close()
  })

  it('mobile browser, dev switch on: pays as the mini program would, the emulator playing the phone', async () => {
    const user = await freshWechatUser('开发开关买家')
    const page = await openPage(browser, { userAgent: MOBILE_UA, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    await loginOnMine(page, user)
    await checkout(page, 'p-coffee-beans')
    await page.locator('[data-test=dev-simulate-mp]').click()
    expect(await page.locator('[data-test=dev-pay-channel]').textContent()).toContain('按小程序渠道支付')
    await page.locator('[data-test=pay]').click()
    await expect.poll(() => page.locator('[data-test=pay-status]').textContent(), { timeout: 30_000 }).toBe('已支付')
    expect(await tradeTypeOf(await outTradeNoOf(page))).toBe('JSAPI')
    await page.context().close()
  })

  // Regression: a reload while the Native QR code showed lost the QR and left a 待支付 order.
  it('desktop: a reload while the QR code shows brings it back; paid in the emulator, it turns into 已支付', async () => {
    await freshWechatUser('刷新买家')
    const page = await openPage(browser, { userAgent: DESKTOP_UA, viewport: { width: 1280, height: 800 } })
    await login(page, 'login-code')
    await checkout(page, 'p-mug')
    await page.locator('[data-test=pay]').click()
    const qr = page.locator('[data-test=pay-qr]')
    await qr.waitFor({ timeout: 20_000 })
    // The page showing the QR code names the order in its URL.
    expect(page.url()).toMatch(/#\/src\/pages\/checkout\/index\?id=p-mug&orderId=\w+/)
    const before = await page.locator('[data-test=pay-qr-simulate]').getAttribute('href')

    await page.reload()
    await qr.waitFor({ timeout: 20_000 })
    expect(await page.locator('[data-test=pay-qr-simulate]').getAttribute('href')).toBe(before)
    expect(await qr.locator('img').first().getAttribute('src')).toContain('data:image/svg+xml')
    await screenshot(page, 'pay-native-qr-after-reload')

    // The same URL opened in another tab (a link, a bookmark) shows it too.
    const other = await page.context().newPage()
    await other.goto(page.url())
    await other.locator('[data-test=pay-qr]').waitFor({ timeout: 20_000 })
    await other.close()

    await payOnPhone(page.context(), before!)
    await expect.poll(() => page.locator('[data-test=pay-status]').textContent(), { timeout: 30_000 }).toBe('已支付')
    expect(page.url()).toMatch(/#\/src\/pages\/pay-result\/index\?orderId=/)
    await page.context().close()
  })

  it('desktop: 取消 on the QR code leaves a plain checkout (a reload shows no QR code)', async () => {
    await freshWechatUser('取消扫码买家')
    const page = await openPage(browser, { userAgent: DESKTOP_UA, viewport: { width: 1280, height: 800 } })
    await login(page, 'login-code')
    await checkout(page, 'p-sticker')
    await page.locator('[data-test=pay]').click()
    await page.locator('[data-test=pay-qr]').waitFor({ timeout: 20_000 })
    await page.locator('[data-test=pay-qr]').getByText('取消').click()
    await page.waitForURL((url) => !url.href.includes('orderId='), { timeout: 10_000 })
    await page.reload()
    await page.locator('[data-test=pay]').waitFor({ timeout: 20_000 })
    await page.waitForTimeout(1000)
    expect(await page.locator('[data-test=pay-qr]').count()).toBe(0)
    await page.context().close()
  })
})
