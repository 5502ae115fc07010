import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { freshWechatUser } from '../support/emulator'
import { afterFadeIn, appUrl, kitStorageKeys, modal, recordCloudCalls, toast } from '../support/app'

const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN'
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'

/** Every URL the page's main frame showed, in order (the router's hash changes included). */
function recordUrls(page: Page): string[] {
  const urls: string[] = []
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url())
  })
  return urls
}

describe('returning from WeChat', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  // Regression: every OAuth return made the hash router look for a page "/wechat_redirect" (WeChat's
  // fragment, kept by the browser across the redirect), and a used callback URL opened again was blank.
  it('the return never routes to "/wechat_redirect"; a used callback URL opened again says so over the home page', async () => {
    await freshWechatUser('回调用户')
    const page = await openPage(browser, { userAgent: WECHAT_UA })
    const urls = recordUrls(page)
    await page.goto(appUrl('/src/pages/mine/index'))
    await page.locator('[data-test=open-login]').click({ timeout: 20_000 })
    await page.locator('[data-test=login-oauth]').click()
    await page.locator('[data-test=logout]').waitFor({ timeout: 20_000 })
    const callback = urls.find((u) => /[?&]code=/.test(u))
    expect(callback).toMatch(/#wechat_redirect$/)
    expect(urls.filter((u) => u.includes('wechat_redirect') && u !== callback)).toEqual([])
    expect(page.url()).toMatch(/#\/src\/pages\/mine\/index$/)

    // The same callback URL again (history, a shared link): its code is spent and its state is not this tab's.
    await page.goto(callback!)
    await expect.poll(() => modal(page).title.textContent(), { timeout: 20_000 }).toBe('登录未完成')
    expect(await modal(page).content.textContent()).toBe('登录请求已失效，请重新登录')
    expect(page.url()).not.toMatch(/code=|state=|wechat_redirect/)
    await page.locator('[data-test=product-list]').waitFor({ timeout: 20_000 })
    await afterFadeIn(page)
    await screenshot(page, 'oauth-used-callback')
    await modal(page).confirm.click()
    await page.locator('.product').first().click()
    await page.locator('[data-test=buy]').waitFor({ timeout: 20_000 })

    // Someone else opening the leaked URL gets no session, the same message and the home page.
    const stranger = await openPage(browser, { userAgent: WECHAT_UA })
    const calls = recordCloudCalls(stranger)
    await stranger.goto(callback!)
    await expect.poll(() => modal(stranger).title.textContent(), { timeout: 20_000 }).toBe('登录未完成')
    await stranger.locator('[data-test=product-list]').waitFor({ timeout: 20_000 })
    expect(calls).not.toContain('weixinLogin.loginByOAuth')
    expect(await kitStorageKeys(stranger)).toEqual([])
    await stranger.context().close()
    await page.context().close()
  })

  // Regression: 取消 on the QR-login page ended on a page with no way back to the app.
  it('QR login 取消: the page says so and links back; the app says 已取消登录 on the page the user was on', async () => {
    await freshWechatUser('取消扫码用户')
    const page = await openPage(browser, { userAgent: DESKTOP_UA, viewport: { width: 1280, height: 800 } })
    await page.goto(appUrl('/src/pages/mine/index'))
    await page.locator('[data-test=open-login]').click({ timeout: 20_000 })
    await page.locator('[data-test=login-qr]').click()
    await page.getByRole('button', { name: '取消' }).click()
    await page.getByText('已取消登录').waitFor()
    await screenshot(page, 'oauth-qr-cancelled-emulator')
    await page.getByRole('link', { name: '返回网站' }).click()
    await expect.poll(() => toast(page).first().textContent(), { timeout: 20_000 }).toBe('已取消登录')
    await page.locator('[data-test=open-login]').waitFor({ timeout: 20_000 })
    expect(page.url()).toMatch(/#\/src\/pages\/mine\/index$/)
    expect(page.url()).not.toContain('state=')
    await screenshot(page, 'oauth-qr-cancelled-app')
    // And the login can be started again from there.
    await page.locator('[data-test=open-login]').click()
    await page.locator('[data-test=login-qr]').click()
    await page.getByRole('button', { name: '确认登录' }).click()
    await page.locator('[data-test=logout]').waitFor({ timeout: 20_000 })
    await page.context().close()
  })
})
