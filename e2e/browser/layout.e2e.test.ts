import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { freshWechatUser } from '../support/emulator'
import { afterFadeIn, appUrl, modal } from '../support/app'
import { e2eLocator } from '../support/locator'

const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'
const COLUMN = 480

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox()
  if (!found) throw new Error(`${selector} has no box`)
  return found
}

function reason(page: Page) {
  return page.locator('[data-test=login-panel] .reason')
}

describe('what the user sees', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  // Regression: on a desktop browser every page stretched to the full window width.
  it('desktop: the app is one centred phone-width column, its bars and sheets inside it', async () => {
    const page = await openPage(browser, { userAgent: DESKTOP_UA, viewport: { width: 1280, height: 800 } })
    await page.goto(appUrl('/src/pages/index/index'))
    await page.locator('[data-test=product-list]').waitFor({ timeout: 20_000 })
    const left = (1280 - COLUMN) / 2
    for (const selector of ['uni-page-body', 'uni-page-head .uni-page-head', 'uni-tabbar .uni-tabbar', '.product']) {
      const b = await box(page, selector)
      expect(b.x, selector).toBeGreaterThanOrEqual(left)
      expect(b.x + b.width, selector).toBeLessThanOrEqual(left + COLUMN + 0.5)
    }
    expect((await box(page, 'uni-page-body')).width).toBe(COLUMN)
    await screenshot(page, 'desktop-home')

    await page.locator('.product').first().click()
    await page.locator('[data-test=buy]').waitFor({ timeout: 20_000 })
    for (const selector of ['[data-test=nav-bar]', '.kit-bottom-bar']) {
      const b = await box(page, selector)
      expect(b.x, selector).toBe(left)
      expect(b.width, selector).toBe(COLUMN)
    }
    await page.locator('[data-test=buy]').click()
    await page.locator('[data-test=login-panel]').waitFor()
    const sheet = await box(page, '[data-test=login-panel] .sheet')
    expect(sheet.x).toBe(left)
    expect(sheet.width).toBe(COLUMN)
    await screenshot(page, 'desktop-login-sheet')
    await page.context().close()
  })

  it('a phone: the column is the whole screen', async () => {
    const page = await openPage(browser)
    await page.goto(appUrl('/src/pages/index/index'))
    await page.locator('[data-test=product-list]').waitFor({ timeout: 20_000 })
    expect(await box(page, 'uni-page-body')).toMatchObject({ x: 0, width: 390 })
    await page.context().close()
  })

  // Regression: favicon.ico answered 404.
  it('the page names a favicon that is served as an icon', async () => {
    const page = await openPage(browser)
    const icons: Array<{ url: string; status: number; type: string }> = []
    page.on('response', (res) => {
      if (/favicon/.test(res.url())) icons.push({ url: res.url(), status: res.status(), type: res.headers()['content-type'] ?? '' })
    })
    await page.goto(appUrl('/src/pages/index/index'))
    const href = await page.locator('link[rel=icon]').getAttribute('href')
    expect(href).toMatch(/favicon.*\.ico$/)
    const icon = await page.request.get(new URL(href!, e2eLocator().h5Url).href)
    expect(icon.status()).toBe(200)
    expect(icon.headers()['content-type']).toBe('image/x-icon')
    // An ICO file: reserved 0, type 1, at least one image.
    const bytes = await icon.body()
    expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2)]).toEqual([0, 1])
    expect(bytes.readUInt16LE(4)).toBeGreaterThan(0)
    await page.waitForTimeout(500)
    expect(icons.every((i) => i.status === 200)).toBe(true)
    await page.context().close()
  })

  // Regression: the checkout thumbnail was a blank tile, the product's letter missing.
  it('the checkout tile shows the product’s first character, as the product tile elsewhere does', async () => {
    const user = await freshWechatUser('缩略图用户')
    const page = await openPage(browser)
    await page.goto(appUrl('/src/pages/checkout/index?id=p-coffee-beans'))
    await page.locator('[data-test=login-panel]').waitFor({ timeout: 20_000 })
    expect(await reason(page).textContent()).toBe('登录后购买')
    await page.locator('[data-test=login-dev-user] input').fill(user)
    await page.locator('[data-test=login-code]').click()
    const tile = page.locator('[data-test=checkout-tile]')
    await expect.poll(() => tile.textContent(), { timeout: 20_000 }).toBe('云')
    expect(await tile.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)')
    await screenshot(page, 'checkout-tile')
    await page.context().close()
  })

  // Regression: the login sheet said 登录后查看 while the user was buying.
  it.each([
    ['the checkout, opened by URL', '登录后购买', '/src/pages/checkout/index?id=p-mug'],
    ['我的订单, opened by URL', '登录后查看订单', '/src/pages/orders/index'],
    ['a payment result, opened by URL', '登录后查看支付结果', '/src/pages/pay-result/index?orderId=nothing'],
    ['编辑资料, opened by URL', '登录后编辑资料', '/src/pages/profile/index'],
  ])('the login sheet says why: %s → %s', async (_name, why, route) => {
    const page = await openPage(browser)
    await page.goto(appUrl(route))
    await page.locator('[data-test=login-panel]').waitFor({ timeout: 20_000 })
    expect(await reason(page).textContent()).toBe(why)
    await page.context().close()
  })

  it('the login sheet says why from in-app links too: 立即购买, 我的订单, 编辑资料', async () => {
    const page = await openPage(browser)
    await page.goto(appUrl('/src/pages/product/index?id=p-mug'))
    await page.locator('[data-test=buy]').click({ timeout: 20_000 })
    expect(await reason(page).textContent()).toBe('登录后购买')
    await screenshot(page, 'login-sheet-buy')
    await page.goto(appUrl('/src/pages/mine/index'))
    await page.locator('[data-test=menu-orders]').click({ timeout: 20_000 })
    expect(await reason(page).textContent()).toBe('登录后查看订单')
    await page.getByText('暂不登录').click()
    await page.locator('[data-test=menu-profile]').click()
    expect(await reason(page).textContent()).toBe('登录后编辑资料')
    await page.context().close()
  })

  // Regression: long toasts broke mid-phrase.
  it('a message longer than a toast holds comes as a modal, whole', async () => {
    await freshWechatUser('扫码登录用户')
    const page = await openPage(browser, { userAgent: DESKTOP_UA, viewport: { width: 1280, height: 800 } })
    await page.goto(appUrl('/src/pages/mine/index'))
    await page.locator('[data-test=open-login]').click({ timeout: 20_000 })
    await page.locator('[data-test=login-qr]').click()
    await page.getByRole('button', { name: '确认登录' }).click()
    await page.locator('[data-test=logout]').waitFor({ timeout: 20_000 })
    // Paying as the mini program needs a mini-program login; this user logged in by QR code.
    await page.goto(appUrl('/src/pages/checkout/index?id=p-mug'))
    await page.locator('[data-test=dev-simulate-mp]').click({ timeout: 20_000 })
    await page.locator('[data-test=pay]').click()
    await expect.poll(() => modal(page).content.textContent(), { timeout: 20_000 }).toBe('请使用微信登录后再支付')
    expect(await page.locator('uni-toast .uni-simple-toast__text').count()).toBe(0)
    await afterFadeIn(page)
    await screenshot(page, 'long-message-modal')
    await page.context().close()
  })
})
