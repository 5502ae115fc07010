import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { e2eLocator } from '../support/locator'
import { emulator } from '../support/emulator'
import { pdfTextLines } from '../../tests/helpers/pdf-reader'

const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN'

describe('the product page', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('opens from the list with the custom nav bar, and back returns to the list', async () => {
    const page = await openPage(browser)
    await page.goto(e2eLocator().h5Url)
    await page.locator('[data-product-id=p-mug]').click()
    const bar = page.locator('[data-test=nav-bar]')
    await bar.waitFor({ timeout: 20_000 })
    await expect.poll(() => page.locator('[data-test=nav-title]').textContent()).toBe('陶瓷马克杯')
    // navigationStyle custom: uni's own page head is gone, ours sits at the top with a spacer under it.
    expect(await page.locator('uni-page-head').count()).toBe(0)
    const box = await bar.boundingBox()
    expect(box).toMatchObject({ y: 0, height: 44 })
    const spacer = await page.locator('[data-test=nav-bar-spacer]').boundingBox()
    expect(spacer?.height).toBe(44)
    // The content starts below the bar, not under it.
    const hero = await page.locator('.hero').boundingBox()
    expect(hero?.y).toBeGreaterThanOrEqual(44)
    await screenshot(page, 'product-nav-bar')

    await page.locator('[data-test=nav-back]').click()
    await page.locator('[data-product-id=p-mug]').waitFor()
    expect(page.url()).not.toContain('product')
    await page.context().close()
  })

  it('扫一扫 in a plain browser says where scanning works', async () => {
    const page = await openPage(browser)
    await page.goto(e2eLocator().h5Url)
    await page.locator('[data-test=scan]').click()
    await expect.poll(() => page.locator('.uni-modal').textContent(), { timeout: 10_000 }).toContain('浏览器中无法扫码')
    await page.context().close()
  })

  it('opened directly (a shared link), back goes to 首页', async () => {
    const page = await openPage(browser)
    await page.goto(`${e2eLocator().h5Url}#/src/pages/product/index?id=p-drip-bags`)
    await expect.poll(() => page.locator('[data-test=nav-title]').textContent(), { timeout: 20_000 }).toBe('挂耳咖啡 10 袋装')
    await page.locator('[data-test=nav-back]').click()
    await page.locator('[data-test=product-list]').waitFor({ timeout: 10_000 })
    await page.context().close()
  })

  // Regression: uni-h5 kept the product on screen when the address bar was given another one's link.
  it('another product’s link pasted into the address bar shows that product; back still goes to 首页', async () => {
    const page = await openPage(browser)
    await page.goto(`${e2eLocator().h5Url}#/src/pages/product/index?id=p-mug`)
    await expect.poll(() => page.locator('[data-test=nav-title]').textContent(), { timeout: 20_000 }).toBe('陶瓷马克杯')
    await page.goto(`${e2eLocator().h5Url}#/src/pages/product/index?id=p-drip-bags`)
    await expect.poll(() => page.locator('[data-test=nav-title]').textContent(), { timeout: 20_000 }).toBe('挂耳咖啡 10 袋装')
    expect(page.url()).toContain('#/src/pages/product/index?id=p-drip-bags')
    expect(await page.locator('[data-test=nav-title]').count()).toBe(1)
    await page.locator('[data-test=nav-back]').click()
    await page.locator('[data-test=product-list]').waitFor({ timeout: 10_000 })
    await page.context().close()
  })

  it('an unknown product shows the error with a retry', async () => {
    const page = await openPage(browser)
    await page.goto(`${e2eLocator().h5Url}#/src/pages/product/index?id=p-nope`)
    await expect.poll(() => page.locator('[data-test=error]').textContent(), { timeout: 20_000 }).toContain('商品不存在或已下架')
    await expect.poll(() => page.locator('[data-test=retry]').count()).toBe(1)
    await page.context().close()
  })

  it('downloads the manual (a PDF from cloud storage) with the browser', async () => {
    const page = await openPage(browser)
    await page.goto(`${e2eLocator().h5Url}#/src/pages/product/index?id=p-coffee-beans`)
    const button = page.locator('[data-test=download-manual] [data-test=download-start]')
    await button.waitFor({ timeout: 20_000 })
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
    expect(download.suggestedFilename()).toBe('manual-p-coffee-beans.pdf')
    const bytes = readFileSync(await download.path())
    expect(bytes.toString('latin1').startsWith('%PDF-1.4')).toBe(true)
    expect(pdfTextLines(bytes).slice(0, 2)).toEqual(['云南小粒咖啡豆 250g · 冲煮指南', '产品说明 · 第 2 版'])
    await expect.poll(() => page.locator('[data-test=download-manual] [data-test=download-status]').textContent()).toBe('已下载')
    await page.context().close()

    // A product without a manual offers only its QR code.
    const other = await openPage(browser)
    await other.goto(`${e2eLocator().h5Url}#/src/pages/product/index?id=p-sticker`)
    await other.locator('[data-test=download-product-code]').waitFor({ timeout: 20_000 })
    expect(await other.locator('[data-test=download-manual]').count()).toBe(0)
    await other.context().close()
  })

  it('WeChat browser: the JS-SDK is configured with a signature the emulator accepts, then the share data is set', async () => {
    const context = await browser.newContext({ userAgent: WECHAT_UA, viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    const verified: Array<{ ok: boolean; errMsg: string }> = []
    // The WeChat client's side of wx.config: check the signature the page got from weixinLogin.getJsSdkConfig
    // against the page's URL, as WeChat does, using the emulator's jsapi_ticket.
    await page.exposeFunction('__verifyJsSdk', async (params: Record<string, string>) => {
      const answer = await emulator<{ ok: boolean; errMsg: string }>('POST', 'jssdk/verify', {
        appId: params.verifyAppId,
        timestamp: params.verifyTimestamp,
        nonceStr: params.verifyNonceStr,
        signature: params.verifySignature,
        url: page.url().split('#')[0],
      })
      verified.push(answer)
      return answer.ok
    })
    await page.addInitScript(() => {
      const w = window as unknown as { __bridge: Array<{ name: string; params: Record<string, unknown> }>; __verifyJsSdk(p: unknown): Promise<boolean>; WeixinJSBridge: unknown }
      w.__bridge = []
      w.WeixinJSBridge = {
        invoke(name: string, params: Record<string, unknown>, cb: (res: { err_msg: string }) => void) {
          w.__bridge.push({ name, params: JSON.parse(JSON.stringify(params)) })
          if (name === 'preVerifyJSAPI') void w.__verifyJsSdk(params).then((ok) => cb({ err_msg: ok ? 'config:ok' : 'config:fail' }))
          else cb({ err_msg: `${name}:ok` })
        },
        on() {},
        call() {},
      }
    })
    await page.route(/open\.weixin\.qq\.com/, (route) => route.abort())
    await page.goto(`${e2eLocator().h5Url}#/src/pages/product/index?id=p-mug`)
    await expect.poll(() => page.locator('[data-test=nav-title]').textContent(), { timeout: 20_000 }).toBe('陶瓷马克杯')
    type Call = { name: string; params: Record<string, unknown> }
    const calls = async () => (await page.evaluate(() => (window as unknown as { __bridge: Call[] }).__bridge)) as Call[]
    await expect.poll(async () => (await calls()).map((c) => c.name), { timeout: 15_000 }).toEqual(
      expect.arrayContaining(['preVerifyJSAPI', 'updateAppMessageShareData', 'updateTimelineShareData']),
    )
    expect(verified).toEqual([{ ok: true, errMsg: 'config:ok' }])
    const share = (await calls()).find((c) => c.name === 'updateAppMessageShareData')!.params
    expect(share.title).toBe('陶瓷马克杯 ¥45.00')
    expect(share.link).toBe(`${page.url().split('#')[0]}#/src/pages/product/index?id=p-mug`)
    await context.close()
  })
  it('WeChat browser: 扫一扫 uses the JS-SDK scanner and opens the scanned product', async () => {
    const context = await browser.newContext({ userAgent: WECHAT_UA, viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    await page.exposeFunction('__verifyJsSdk', async (params: Record<string, string>) => {
      const answer = await emulator<{ ok: boolean }>('POST', 'jssdk/verify', {
        appId: params.verifyAppId,
        timestamp: params.verifyTimestamp,
        nonceStr: params.verifyNonceStr,
        signature: params.verifySignature,
        url: page.url().split('#')[0],
      })
      return answer.ok
    })
    // The phone's camera reads a product QR code (the text of the PNG the downloads object serves).
    await page.addInitScript(() => {
      const w = window as unknown as { __verifyJsSdk(p: unknown): Promise<boolean>; WeixinJSBridge: unknown }
      w.WeixinJSBridge = {
        invoke(name: string, params: Record<string, unknown>, cb: (res: Record<string, string>) => void) {
          if (name === 'preVerifyJSAPI') void w.__verifyJsSdk(params).then((ok) => cb({ err_msg: ok ? 'config:ok' : 'config:fail' }))
          // WeChat on iOS answers the scan as JSON, which the JS-SDK unwraps into resultStr.
          else if (name === 'scanQRCode') cb({ err_msg: 'scanQRCode:ok', resultStr: JSON.stringify({ scan_code: { scan_type: 'qrcode', scan_result: 'uniwxkit://product/p-drip-bags' } }) })
          else cb({ err_msg: `${name}:ok` })
        },
        on() {},
        call() {},
      }
    })
    await page.route(/open\.weixin\.qq\.com/, (route) => route.abort())
    await page.goto(e2eLocator().h5Url)
    await page.locator('[data-test=scan]').click()
    await expect.poll(() => page.locator('[data-test=nav-title]').textContent(), { timeout: 20_000 }).toBe('挂耳咖啡 10 袋装')
    expect(page.url()).toContain('#/src/pages/product/index?id=p-drip-bags')
    await context.close()
  })
})
