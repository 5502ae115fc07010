import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { freshWechatUser } from '../support/emulator'
import { createPaidOrder } from '../support/cloud'
import { accessToken, appUrl, kitStorageKeys, loginInPanel, loginOnMine, modal, recordCloudCalls } from '../support/app'

describe('logout leaves nothing of the previous user', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  // Regression: reload on 我的订单, go to 我的, 退出登录, open 我的订单 by URL: the old user's orders
  // were shown with live 申请退款 / 取消订单 / 下载收据 buttons, and no listOrders call was made.
  it('我的订单 opened by URL after logout shows the login gate, not the previous orders; the next user sees only theirs', async () => {
    const alice = await freshWechatUser('前一位用户')
    const page = await openPage(browser)
    const calls = recordCloudCalls(page)
    await loginOnMine(page, alice)
    const order = await createPaidOrder(await accessToken(page), alice, 'p-mug', 1)

    await page.goto(appUrl('/src/pages/orders/index'))
    await page.reload()
    const card = page.locator(`[data-test=order][data-order-id="${order.orderId}"]`)
    await card.waitFor({ timeout: 20_000 })

    await page.goto(appUrl('/src/pages/mine/index'))
    await page.locator('[data-test=logout]').click()
    await modal(page).confirm.click()
    await page.locator('[data-test=open-login]').waitFor({ timeout: 10_000 })
    // Memory and storage: no token, no refresh token, no simulated user left behind.
    expect(await kitStorageKeys(page)).toEqual([])

    const listsBefore = calls.filter((c) => c === 'pay.listOrders').length
    await page.goto(appUrl('/src/pages/orders/index'))
    await page.locator('[data-test=orders-login]').waitFor({ timeout: 10_000 })
    expect(await page.locator('[data-test=order]').count()).toBe(0)
    const actions = ['refund', 'close-order', 'continue-pay', 'order-refund', 'receipt', 'refund-sheet', 'pay-qr']
    expect(await page.locator(actions.map((name) => `[data-test=${name}]`).join(', ')).count()).toBe(0)
    await expect.poll(() => page.locator('[data-test=login-panel] .reason').textContent()).toBe('登录后查看订单')
    await screenshot(page, 'logout-orders-by-url')

    // Somebody else logs in here: their own (empty) list, fetched afresh.
    const bob = await freshWechatUser('后一位用户')
    await loginInPanel(page, bob)
    await page.locator('[data-test=orders-empty]').waitFor({ timeout: 20_000 })
    expect(calls.filter((c) => c === 'pay.listOrders').length).toBeGreaterThan(listsBefore)
    expect(await page.locator('[data-test=order]').count()).toBe(0)
    await page.context().close()
  })

  it('in-app: back from 我的订单, 退出登录, then 我的订单 from the menu asks for login first', async () => {
    const carol = await freshWechatUser('菜单用户')
    const page = await openPage(browser)
    await loginOnMine(page, carol)
    await createPaidOrder(await accessToken(page), carol, 'p-sticker', 1)
    await page.locator('[data-test=menu-orders]').click()
    await page.locator('[data-test=order]').first().waitFor({ timeout: 20_000 })
    await page.goBack()
    await page.locator('[data-test=logout]').click()
    await modal(page).confirm.click()
    await page.locator('[data-test=open-login]').waitFor({ timeout: 10_000 })
    await page.locator('[data-test=menu-orders]').click()
    await page.locator('[data-test=login-panel]').waitFor()
    expect(await page.locator('[data-test=login-panel] .reason').textContent()).toBe('登录后查看订单')
    expect(page.url()).toContain('/src/pages/mine/index')
    await page.context().close()
  })
})
