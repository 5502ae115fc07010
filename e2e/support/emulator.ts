import type { BrowserContext } from 'playwright-core'
import { emulatorControl } from '../../tests/helpers/login'
import { e2eLocator } from './locator'

/** Call a WeChat emulator control (tests act as the phone / WeChat's servers). */
export function emulator<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return emulatorControl<T>(e2eLocator().emulatorUrl, method, `/${path}`, body)
}

/** A simulated WeChat user unique to this run, with a nickname; it is also the browser's user. */
export async function freshWechatUser(nickname: string): Promise<string> {
  const user = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`
  await emulator('PUT', `users/${user}`, { nickname, unionid: true })
  await emulator('PUT', 'browser', { user })
  return user
}

/**
 * "Scan" a Native code_url with a phone: the emulator's cashier page for it, 确认支付, and its
 * 支付成功 page. The page closes only once that page has loaded: Chromium can drop a close that
 * races a navigation commit (the form post here), and Playwright's page.close() then never returns
 * (microsoft/playwright#41900, crbug.com/536385539).
 */
export async function payOnPhone(context: BrowserContext, scanUrl: string): Promise<void> {
  const phone = await context.newPage()
  await phone.goto(scanUrl)
  await phone.getByRole('button', { name: '确认支付' }).click()
  await phone.getByText('支付成功').first().waitFor({ timeout: 20_000 })
  await phone.waitForLoadState('load')
  await phone.close()
}
