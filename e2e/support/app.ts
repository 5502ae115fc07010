import type { Page } from 'playwright-core'
import { e2eLocator } from './locator'

/** The demo app's page at `route` (a hash route such as `/src/pages/mine/index`), opened by URL. */
export function appUrl(route: string): string {
  return `${e2eLocator().h5Url}#${route}`
}

/**
 * Every cloud-object call the page makes, as `object.method`, in order: read
 * from the uniCloud client protocol's requests to the runtime (`/client`).
 */
export function recordCloudCalls(page: Page): string[] {
  const calls: string[] = []
  page.on('request', (request) => {
    if (!request.url().endsWith('/client')) return
    try {
      const body = JSON.parse(request.postData() ?? '{}') as { method?: string; params?: string }
      if (body.method !== 'serverless.function.runtime.invoke') return
      const params = JSON.parse(body.params ?? '{}') as { functionTarget?: string; functionArgs?: { method?: string } }
      calls.push(`${params.functionTarget}.${params.functionArgs?.method}`)
    } catch {
      // Not a cloud-object call.
    }
  })
  return calls
}

/** Log in through the open LoginPanel's dev switch (wx.login via the emulator) as the simulated `user`. */
export async function loginInPanel(page: Page, user: string): Promise<void> {
  await page.locator('[data-test=login-dev-user] input').fill(user)
  await page.locator('[data-test=login-code]').click()
  await page.locator('[data-test=login-panel]').waitFor({ state: 'detached', timeout: 20_000 })
}

/** Open 我的 and log in there through the dev switch as `user`. */
export async function loginOnMine(page: Page, user: string): Promise<void> {
  await page.goto(appUrl('/src/pages/mine/index'))
  await page.locator('[data-test=open-login]').click({ timeout: 20_000 })
  await loginInPanel(page, user)
  await page.locator('[data-test=logout]').waitFor({ timeout: 20_000 })
}

/** The kit's access token this page holds (for calling the cloud objects as that user). */
export async function accessToken(page: Page): Promise<string> {
  const token = await page.evaluate(() => localStorage.getItem('wxkit_access_token'))
  if (!token) throw new Error('no access token in storage: not logged in')
  return token
}

/** The kit's keys in this page's storage (uni storage is localStorage in H5). */
export function kitStorageKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('wxkit_')))
}

/** The uni-h5 modal on screen: its title, content and buttons. */
export function modal(page: Page) {
  const root = page.locator('uni-modal .uni-modal')
  return {
    root,
    title: root.locator('.uni-modal__title'),
    content: root.locator('.uni-modal__bd'),
    confirm: root.locator('.uni-modal__btn_primary'),
    cancel: root.locator('.uni-modal__btn_default'),
  }
}

/** Let uni-h5's fade-in of a modal or toast finish before a screenshot. */
export function afterFadeIn(page: Page): Promise<void> {
  return page.waitForTimeout(400)
}

/** The text of the toast on screen (plain or with an icon). */
export function toast(page: Page) {
  return page.locator('uni-toast .uni-simple-toast__text, uni-toast .uni-toast__content')
}
