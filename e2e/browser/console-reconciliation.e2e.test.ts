import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { appUrl, loginOnMine, modal } from '../support/app'
import { emulator } from '../support/emulator'

/**
 * The console's 对账 page against payAdmin's reconciliation methods (issue 12
 * item 2: listReconciliations, getReconciliation, runReconciliation): an
 * operator runs a day's reconciliation, sees the day's result in the list,
 * opens it and sees the discrepancy planted in WeChat Pay's bill (a paid trade
 * the shop never placed: recorded for the merchant, nothing applied), and
 * running it again changes nothing.
 */

const CONSOLE = '/uni_modules/wxkit-login-pay/pages/console'
const DESKTOP = { viewport: { width: 1280, height: 900 } }
const BEIJING = 8 * 3600_000

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, name)
  try {
    mkdirSync('/tmp/console-shots', { recursive: true })
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: path.join('/tmp/console-shots', `${name}.png`), fullPage: true })
  } catch {
    // Only the suite's own folder is required.
  }
}

/** The run's outcome, too long for a toast, in a one-button modal: read it and close it. */
async function acknowledged(page: Page, text: string): Promise<void> {
  await expect.poll(() => modal(page).content.textContent().catch(() => ''), { timeout: 30_000 }).toBe(text)
  await modal(page).confirm.click()
  await modal(page).root.waitFor({ state: 'hidden' })
}

describe('the console’s reconciliation page', () => {
  it('runs a day’s reconciliation, lists the day, opens its planted discrepancy, and a rerun changes nothing', async () => {
    const yesterday = new Date(Date.now() + BEIJING - 86_400_000).toISOString().slice(0, 10)
    // The day before yesterday: its bill is made whatever the time of day (yesterday's only after 10:00).
    const billDate = new Date(Date.now() + BEIJING - 2 * 86_400_000).toISOString().slice(0, 10)
    // A trade in that day's bill that no order of the shop has.
    const planted = await emulator<{ outTradeNo: string; transactionId: string }>('POST', `wxpay/bills/${billDate}/discrepancies`, {
      kind: 'unknownTrade',
      total: 4200,
      time: '09:30:00',
      description: '未知商品',
    })
    const page = await openPage(browser, DESKTOP)
    await loginOnMine(page, 'merchant')
    // A link can name the day (the newest bill, yesterday's, is preselected otherwise: below).
    await page.goto(appUrl(`${CONSOLE}/reconciliation/reconciliation?date=${billDate}`))
    await page.locator('[data-test=reconcile-run]').waitFor({ timeout: 20_000 })
    await page.locator('[data-test=console-error]').waitFor({ state: 'detached', timeout: 20_000 })
    const chosen = page.locator('[data-test=reconcile-date] .field')
    await expect.poll(() => chosen.textContent()).toContain(billDate)

    await page.locator('[data-test=reconcile-run-button]').click()
    await modal(page).root.waitFor()
    expect(await modal(page).content.textContent()).toContain(billDate)
    await modal(page).confirm.click()
    await acknowledged(page, '对账完成：有差异')

    const day = page.locator(`[data-test=reconcile-day][data-bill-date="${billDate}"]`)
    await day.waitFor({ timeout: 20_000 })
    const status = await day.getAttribute('data-status')
    expect(status).toBe('discrepancies')
    const detail = day.locator('[data-test=reconcile-detail]')
    await detail.waitFor({ timeout: 20_000 })
    const unknown = detail.locator('[data-test=discrepancy][data-kind=unknown-trade]')
    await unknown.waitFor({ timeout: 20_000 })
    expect(await unknown.getAttribute('data-action')).toBe('recorded')
    const text = await unknown.textContent()
    expect(text).toContain('账单中的未知交易')
    expect(text).toContain(planted.outTradeNo)
    expect(text).toContain(planted.transactionId)
    expect(text).toContain('42.00')
    await shot(page, 'console-reconciliation')

    // Again: the same result, nothing applied twice.
    const before = await day.locator('.row').textContent()
    await detail.locator('[data-test=reconcile-rerun]').click()
    await modal(page).confirm.click()
    await acknowledged(page, '对账完成：有差异')
    await expect.poll(() => day.getAttribute('data-status')).toBe(status)
    const after = await day.locator('.row').textContent()
    // The counts are the same (the run time may differ).
    const counts = (text: string | null) => (text ?? '').replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '')
    expect(counts(after)).toBe(counts(before))

    await page.goto(appUrl(`${CONSOLE}/reconciliation/reconciliation`))
    await page.reload()
    await page.locator('[data-test=reconcile-run]').waitFor({ timeout: 20_000 })
    await expect.poll(() => chosen.textContent()).toContain(yesterday)
    await page.context().close()
  })
})
