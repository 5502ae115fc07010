import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { e2eLocator } from '../support/locator'
import { freshWechatUser } from '../support/emulator'
import { createPaidOrder } from '../support/cloud'
import { pdfTextLines } from '../../tests/helpers/pdf-reader'

/** UTF-16BE hex, as the PDF writes Chinese text (UniGB-UCS2-H). */
const utf16Hex = (text: string) => [...text].map((ch) => ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')).join('')

describe('receipts', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('a paid order’s receipt downloads from the orders page as the Chinese PDF of that order, with no unsafe-header refusal', async () => {
    const user = await freshWechatUser('收据用户')
    const page = await openPage(browser)
    const consoleLines: string[] = []
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`))
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
    const bytes = readFileSync(await download.path())
    const pdf = bytes.toString('latin1')
    expect(pdf.startsWith('%PDF-1.4')).toBe(true)
    // Chinese as UTF-16BE hex in the CJK font, then the number in Helvetica; ¥ is WinAnsi \245.
    expect(pdf).toContain(`<${utf16Hex('订单号：')}> Tj\n/F1 11 Tf\n(${order.outTradeNo}) Tj`)
    expect(pdf).toContain(`<${utf16Hex('实付金额')}> Tj`)
    expect(pdf).toContain('(\\24545.00) Tj')
    const lines = pdfTextLines(bytes)
    expect(lines[0]).toBe('uni-wx-kit 示例小店')
    expect(lines).toContain(`订单号：${order.outTradeNo}`)
    expect(lines).toContain('陶瓷马克杯 | ¥45.00 | 1 | ¥45.00')
    expect(lines).toContain('实付金额 | ¥45.00')
    expect(lines.find((line) => line.startsWith('支付时间：'))).toMatch(/^支付时间：\d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间）$/)
    await expect.poll(() => card.locator('[data-test=download-status]').textContent()).toBe('已下载')
    // Regression: uni.downloadFile read Content-Disposition, which storage does not expose cross-origin.
    expect(consoleLines.filter((line) => /content-disposition|unsafe header/i.test(line))).toEqual([])
    await screenshot(page, 'orders-receipt')

    // For a person to look at: the receipt in Chromium's own PDF viewer (PDFium, system CJK font).
    const saved = path.resolve(__dirname, '../../.local/e2e/receipt.pdf')
    mkdirSync(path.dirname(saved), { recursive: true })
    writeFileSync(saved, bytes)
    const viewer = await page.context().newPage()
    await viewer.setViewportSize({ width: 900, height: 1000 })
    await viewer.goto(pathToFileURL(saved).href)
    await expect.poll(() => viewer.frames().some((frame) => frame.url().startsWith('chrome-extension://'))).toBe(true)
    await viewer.waitForTimeout(1500) // the viewer paints after its frame loads
    await screenshot(viewer, 'receipt-pdf-viewer')
    await page.context().close()
  })
})
