import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { e2eLocator } from '../support/locator'
import { freshWechatUser } from '../support/emulator'
import { createPaidOrder } from '../support/cloud'

describe('receipts', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('a paid order’s receipt downloads from the orders page as the PDF of that order', async () => {
    const user = await freshWechatUser('收据用户')
    const page = await openPage(browser)
    await page.goto(`${e2eLocator().h5Url}#/src/pages/orders/index`)
    // The orders page needs login: the panel opens; log in through the dev switch (wx.login via the emulator).
    await page.locator('[data-test=login-panel]').waitFor({ timeout: 20_000 })
    await page.locator('[data-test=login-dev-user] input').fill(user)
    await page.locator('[data-test=login-code]').click()
    await page.locator('[data-test=login-panel]').waitFor({ state: 'detached', timeout: 20_000 })
    await page.locator('[data-test=orders-empty]').waitFor({ timeout: 20_000 })

    // The order is paid through the cloud objects and the emulator, not the checkout page.
    const token = await page.evaluate(() => localStorage.getItem('wxkit_access_token'))
    expect(token).toBeTruthy()
    const order = await createPaidOrder(token!, user, 'p-mug', 1)

    await page.reload()
    const card = page.locator(`[data-test=order][data-order-id="${order.orderId}"]`)
    // A reload keeps the session: the page waits for the launch check instead of asking to log in.
    await card.waitFor({ timeout: 20_000 })
    expect(await page.locator('[data-test=login-panel]').count()).toBe(0)
    const button = card.locator('[data-test=download-receipt] [data-test=download-start]')
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
    expect(download.suggestedFilename()).toBe(`receipt-${order.outTradeNo}.pdf`)
    const pdf = readFileSync(await download.path()).toString('latin1')
    expect(pdf.startsWith('%PDF-1.4')).toBe(true)
    expect(pdf).toContain(`(Order number: ${order.outTradeNo}) Tj`)
    expect(pdf).toContain('(Total paid: CNY 45.00) Tj')
    expect(pdf).toMatch(/\(Paid at: \d{4}-\d\d-\d\d \d\d:\d\d UTC\+8\) Tj/)
    await expect.poll(() => card.locator('[data-test=download-status]').textContent()).toBe('已下载')
    await screenshot(page, 'orders-receipt')
    await page.context().close()
  })
})
