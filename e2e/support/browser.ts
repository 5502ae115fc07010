import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'
import { e2eLocator } from './locator'

const SCREENS = path.resolve(__dirname, '../../.local/e2e/screens')

/** Launch Debian's chromium headless with the flags this machine needs. */
export async function launchBrowser(): Promise<Browser> {
  const { chromium: executablePath, chromiumArgs } = e2eLocator()
  return chromium.launch({ executablePath, args: chromiumArgs, headless: true })
}

/** A phone-sized page (or a custom context, e.g. a WeChat user agent). */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, ...options })
  // Everything runs on loopback; anything else (a CDN image in uni-h5's CSS) is refused at once.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => route.abort())
  // An action that cannot happen fails with its locator named, well inside the test's own timeout.
  context.setDefaultTimeout(20_000)
  if (process.env.E2E_DEBUG) {
    context.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`))
    context.on('weberror', (e) => console.log(`[page error] ${e.error().message}`))
  }
  return context.newPage()
}

/** Save a screenshot under .local/e2e/screens for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true })
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) })
}
