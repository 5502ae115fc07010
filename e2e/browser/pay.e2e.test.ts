import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { e2eLocator } from '../support/locator'
import { freshWechatUser } from '../support/emulator'

const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN'
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'

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

    const phone = await page.context().newPage()
    await phone.goto(href!)
    await phone.getByRole('button', { name: '确认支付' }).click()
    await phone.close()

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
})
