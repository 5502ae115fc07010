import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { e2eLocator } from '../support/locator'

describe('the H5 shell against the local runtime', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('shows products fetched through the real uniCloud SDK and reaches the 我的 tab', async () => {
    const { h5Url } = e2eLocator()
    const page = await openPage(browser)
    const calls: string[] = []
    page.on('request', (req) => {
      if (req.url().endsWith('/client')) calls.push(req.method())
    })
    await page.goto(h5Url)
    await page.locator('.product').first().waitFor({ timeout: 20_000 })
    expect(await page.locator('.product').count()).toBe(4)
    await expect.poll(() => page.locator('.product .price').first().textContent()).toBe('¥68.00')
    // The SDK spoke the Aliyun client protocol to the runtime.
    expect(calls).toContain('POST')
    // Tab bar icons were built and served.
    const icon = await page.request.get(new URL('static/tabbar/home.png', h5Url).href)
    expect(icon.status()).toBe(200)
    expect(icon.headers()['content-type']).toBe('image/png')
    await screenshot(page, 'home')

    await page.getByText('我的', { exact: true }).click()
    await page.locator('.profile').waitFor()
    await screenshot(page, 'mine')
  })
})
