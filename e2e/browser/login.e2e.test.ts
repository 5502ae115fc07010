import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { e2eLocator } from '../support/locator'
import { freshWechatUser } from '../support/emulator'

const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN'
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'

async function openMine(page: Page): Promise<void> {
  await page.goto(`${e2eLocator().h5Url}#/src/pages/mine/index`)
  await page.locator('[data-test=open-login]').waitFor({ timeout: 20_000 })
}

describe('login in the browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('WeChat browser: OAuth (snsapi_base), then the profile through snsapi_userinfo consent, shows the nickname on 我的', async () => {
    await freshWechatUser('微信小明')
    const page = await openPage(browser, { userAgent: WECHAT_UA })
    await openMine(page)
    await page.locator('[data-test=open-login]').click()
    await page.locator('[data-test=login-oauth]').click()
    // snsapi_base redirects silently back to the app, which exchanges the code.
    await page.locator('[data-test=logout]').waitFor({ timeout: 20_000 })
    expect(page.url()).not.toContain('code=')
    await expect.poll(() => page.locator('[data-test=nickname]').textContent()).toBe('微信用户')

    await page.locator('[data-test=sync-profile]').click()
    await page.getByRole('button', { name: '允许' }).click()
    await expect.poll(() => page.locator('[data-test=nickname]').textContent(), { timeout: 20_000 }).toBe('微信小明')
    // The used code was stripped from the address bar before it was exchanged.
    expect(page.url()).not.toContain('code=')
    await screenshot(page, 'login-wechat-browser')

    // A reload keeps the session (checked with the server on launch).
    await page.reload()
    await expect.poll(() => page.locator('[data-test=nickname]').textContent(), { timeout: 20_000 }).toBe('微信小明')
    await page.context().close()
  })

  it('desktop browser: QR login page, confirm, nickname on 我的', async () => {
    await freshWechatUser('扫码用户')
    const page = await openPage(browser, { userAgent: DESKTOP_UA, viewport: { width: 1280, height: 800 } })
    await openMine(page)
    await page.locator('[data-test=open-login]').click()
    await page.locator('[data-test=login-qr]').click()
    await page.getByRole('button', { name: '确认登录' }).click()
    await expect.poll(() => page.locator('[data-test=nickname]').textContent(), { timeout: 20_000 }).toBe('扫码用户')
    expect(page.url()).not.toContain('code=')
    await screenshot(page, 'login-desktop-qr')
    await page.context().close()
  })

  it('mini-program path via the dev switch (wx.login code from the emulator), then logout', async () => {
    const user = await freshWechatUser('小程序用户')
    const page = await openPage(browser, { userAgent: DESKTOP_UA })
    await openMine(page)
    await page.locator('[data-test=open-login]').click()
    await page.locator('[data-test=login-dev-user] input').fill(user)
    await page.locator('[data-test=login-code]').click()
    await page.locator('[data-test=logout]').waitFor({ timeout: 20_000 })
    // wx.login yields no profile: the user picks avatar and nickname later.
    expect(await page.locator('[data-test=nickname]').textContent()).toBe('微信用户')
    await screenshot(page, 'login-dev-switch')

    await page.locator('[data-test=logout]').click()
    await page.getByText('确定', { exact: true }).click()
    await page.locator('[data-test=open-login]').waitFor({ timeout: 10_000 })
    await page.context().close()
  })

  it('a login-aware link opens the login panel instead of a protected page', async () => {
    const page = await openPage(browser, { userAgent: DESKTOP_UA })
    await openMine(page)
    await page.locator('[data-test=menu-orders]').click()
    await page.locator('[data-test=login-panel]').waitFor()
    expect(page.url()).toContain('/src/pages/mine/index')
    await page.context().close()
  })
})
