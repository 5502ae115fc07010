import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { appUrl, loginOnMine, modal, toast } from '../support/app'

/**
 * The console's 对账 page against payAdmin's reconciliation methods (issue 12
 * item 2: listReconciliations, getReconciliation, runReconciliation): an
 * operator runs yesterday's reconciliation, sees the day's result in the list,
 * opens it and sees its discrepancies (or that there were none), and running it
 * again changes nothing.
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

describe('the console’s reconciliation page', () => {
  it('runs yesterday’s reconciliation, lists the day, opens its discrepancies, and a rerun changes nothing', async () => {
    const yesterday = new Date(Date.now() + BEIJING - 86_400_000).toISOString().slice(0, 10)
    const page = await openPage(browser, DESKTOP)
    await loginOnMine(page, 'merchant')
    await page.goto(appUrl(`${CONSOLE}/reconciliation/reconciliation`))
    await page.locator('[data-test=reconcile-run]').waitFor({ timeout: 20_000 })
    await page.locator('[data-test=console-error]').waitFor({ state: 'detached', timeout: 20_000 })
    expect(await page.locator('[data-test=reconcile-date]').textContent()).toContain(yesterday)

    await page.locator('[data-test=reconcile-run-button]').click()
    await modal(page).root.waitFor()
    expect(await modal(page).content.textContent()).toContain(yesterday)
    await modal(page).confirm.click()
    await expect.poll(() => toast(page).textContent().catch(() => ''), { timeout: 30_000 }).toMatch(/对账完成/)

    const day = page.locator(`[data-test=reconcile-day][data-bill-date="${yesterday}"]`)
    await day.waitFor({ timeout: 20_000 })
    const status = await day.getAttribute('data-status')
    expect(['matched', 'discrepancies', 'not-ready', 'no-bill', 'failed']).toContain(status)
    const detail = day.locator('[data-test=reconcile-detail]')
    await detail.waitFor({ timeout: 20_000 })
    const discrepancies = await detail.locator('[data-test=discrepancy]').count()
    if (status === 'discrepancies') expect(discrepancies).toBeGreaterThan(0)
    else expect(await detail.textContent()).toMatch(/没有差异|[^0]/)
    await shot(page, 'console-reconciliation')

    // Again: the same result, nothing applied twice.
    const before = await day.locator('.row').textContent()
    await detail.locator('[data-test=reconcile-rerun]').click()
    await modal(page).confirm.click()
    await expect.poll(() => toast(page).textContent().catch(() => ''), { timeout: 30_000 }).toMatch(/对账完成/)
    await expect.poll(() => day.getAttribute('data-status')).toBe(status)
    const after = await day.locator('.row').textContent()
    // The counts are the same (the run time may differ).
    const counts = (text: string | null) => (text ?? '').replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '')
    expect(counts(after)).toBe(counts(before))
    await page.context().close()
  })
})
