/**
 * 我的 in `npm run dev` (H5 with the WeChat emulator standing in for the phone):
 * 绑定手机号 → 模拟授权 and 今日微信步数, as a user clicks through them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { e2eLocator } from '../support/locator'
import { emulator } from '../support/emulator'

const DEV_USER_KEY = 'wxkit_dev_user'

/** Open 我的 and log in through the LoginPanel's dev switch as `user` (empty: the default simulated user). */
async function loggedInOnMine(browser: Browser, user = ''): Promise<Page> {
  const page = await openPage(browser)
  await page.goto(`${e2eLocator().h5Url}#/src/pages/mine/index`)
  await page.locator('[data-test=open-login]').click({ timeout: 20_000 })
  if (user) await page.locator('[data-test=login-dev-user] input').fill(user)
  await page.locator('[data-test=login-code]').click()
  await page.locator('[data-test=logout]').waitFor({ timeout: 20_000 })
  return page
}

/** The simulated user's number as the emulator holds it, masked as 我的 shows it. */
async function maskedPhoneOf(user: string): Promise<string> {
  const { phoneNumber } = await emulator<{ phoneNumber: string }>('GET', `users/${user}`)
  return `${phoneNumber.slice(0, 3)}****${phoneNumber.slice(-4)}`
}

/** A user unknown so far (the emulator creates it, with its default number, on first use). */
const newUser = () => `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`

describe('我的 in development: 绑定手机号 → 模拟授权', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterEach(async () => {
    await emulator('DELETE', 'phone/button/fail')
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('the default simulated user binds a number (regression: the emulator answered 409 and the page swallowed it)', async () => {
    const page = await loggedInOnMine(browser)
    const user = await page.evaluate((key) => localStorage.getItem(key), DEV_USER_KEY)
    expect(user).toBe('alice')
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.locator('[data-test=bind-phone]').click()
    await expect.poll(() => page.locator('[data-test=phone]').textContent(), { timeout: 20_000 }).toBe(await maskedPhoneOf('alice'))
    await expect.poll(() => page.getByText('手机号已绑定').count()).toBeGreaterThan(0)
    expect(errors).toEqual([])
    // Bound: the row now offers the real-time verified change instead.
    await page.locator('[data-test=change-phone]').waitFor()
    await screenshot(page, 'mine-phone-bound')
    await page.context().close()
  })

  it('an exhausted quota is said in a dialog; the number stays unbound', async () => {
    const page = await loggedInOnMine(browser, newUser())
    await emulator('POST', 'phone/button/fail', { reason: 'noQuota' })
    await page.locator('[data-test=bind-phone]').click()
    await page.getByText('本小程序的手机号验证次数已用完，请稍后再试或联系客服').waitFor({ timeout: 10_000 })
    // Let the dialog's fade-in finish before the picture.
    await page.waitForTimeout(500)
    await screenshot(page, 'mine-phone-no-quota')
    await page.getByText('知道了', { exact: true }).click()
    expect(await page.locator('[data-test=phone]').textContent()).toBe('未绑定手机号')
    await page.context().close()
  })

  it('a refusal for want of privacy consent, and a closed sheet, each say what happened', async () => {
    const page = await loggedInOnMine(browser, newUser())
    await emulator('POST', 'phone/button/fail', { reason: 'privacy' })
    await page.locator('[data-test=bind-phone]').click()
    await page.getByText('需同意隐私保护指引后才能使用手机号').waitFor({ timeout: 10_000 })
    await page.getByText('知道了', { exact: true }).click()
    await emulator('POST', 'phone/button/fail', { reason: 'userDeny' })
    await page.locator('[data-test=bind-phone]').click()
    await page.getByText('已取消手机号授权').waitFor({ timeout: 10_000 })
    await page.context().close()
  })

  it('模拟授权 sits at the right end of its row (regression: uni-app\'s button centred itself mid-row)', async () => {
    const page = await loggedInOnMine(browser, newUser())
    const row = await page.locator('[data-test=phone-row]').boundingBox()
    const button = await page.locator('[data-test=bind-phone]').boundingBox()
    const label = await page.locator('[data-test=phone-row]').getByText('绑定手机号').boundingBox()
    expect(row && button && label).toBeTruthy()
    // The row has no horizontal padding of its own (the card has): the button ends where the row ends.
    expect(Math.abs(row!.x + row!.width - (button!.x + button!.width))).toBeLessThanOrEqual(1)
    expect(label!.x).toBeLessThanOrEqual(row!.x + 1)
    // The WeRun row's button lines up with it.
    const weRun = await page.locator('[data-test=werun-load]').boundingBox()
    expect(Math.abs(weRun!.x + weRun!.width - (button!.x + button!.width))).toBeLessThanOrEqual(1)
    await screenshot(page, 'mine-rows')
    await page.context().close()
  })
})

describe('我的 in development: 今日微信步数', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it("shows today's steps, opened by the cloud from the emulator's sealed data", async () => {
    const page = await loggedInOnMine(browser, newUser())
    await page.locator('[data-test=werun-load]').click()
    await expect.poll(() => page.locator('[data-test=werun-steps]').textContent(), { timeout: 20_000 }).toMatch(/^\d+ 步$/)
    await screenshot(page, 'mine-werun')
    await page.context().close()
  })
})
