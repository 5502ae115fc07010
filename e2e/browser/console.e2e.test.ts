import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, openPage, screenshot } from '../support/browser'
import { emulator, freshWechatUser } from '../support/emulator'
import { createPaidOrder, invokeCloud } from '../support/cloud'
import { accessToken, afterFadeIn, appUrl, loginInPanel, loginOnMine, modal, toast } from '../support/app'

/**
 * The merchant console in a desktop browser: an operator (the dev operator
 * `merchant`) logs in through the dev switch, finds 商家后台 on 我的, sees the
 * overview's charts drawn, approves a buyer's refund request from the queue,
 * enters the shipment of a mini-program order, filters and exports the orders
 * as CSV; a buyer who opens a console URL sees the refusal and no data, and a
 * logged-out visitor the login sheet. Screenshots of every console page go to
 * .local/e2e/screens (console-*.png) and, for a person to look at, to
 * /tmp/console-shots when that folder exists.
 */

const OPERATOR = 'merchant'
const DESKTOP = { viewport: { width: 1280, height: 900 } }
const CONSOLE = '/uni_modules/wxkit-login-pay/pages/console'
const SHOTS = '/tmp/console-shots'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** A screenshot for the suite's folder, and the full page for a reviewer. */
async function shot(page: Page, name: string): Promise<void> {
  await screenshot(page, name)
  try {
    mkdirSync(SHOTS, { recursive: true })
    // uni-h5's nav bar is fixed: a full-page capture of a scrolled page would paint it mid-page.
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
  } catch {
    // Only the suite's own folder is required.
  }
}

/** A paid order of a fresh buyer, and the buyer's token. */
async function paidOrderOfBuyer(nickname: string, productId: string): Promise<{ user: string; token: string; orderId: string; outTradeNo: string; amount: number }> {
  const user = await freshWechatUser(nickname)
  const { code } = await emulator<{ code: string }>('POST', 'login/code', { user })
  const login = await invokeCloud('weixinLogin', 'login', [{ code }])
  if (login.errCode !== 0) throw new Error(`login: ${String(login.errCode)}`)
  const token = login.accessToken as string
  const order = await createPaidOrder(token, user, productId)
  return { user, token, ...order }
}

/** Wait until the operator's view of an order satisfies `check` (fulfilment and shipping run on their own). */
async function untilOrder(operatorToken: string, orderId: string, check: (order: { shipping?: { state?: string } }) => boolean): Promise<void> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const answer = await invokeCloud('payAdmin', 'getOrderDetail', [{ orderId }], { token: operatorToken })
    if (answer.errCode === 0 && check(answer.order)) return
    if (Date.now() > deadline) throw new Error(`order ${orderId} did not reach the state in time`)
    await new Promise((r) => setTimeout(r, 300))
  }
}

/** The errCode of every payAdmin answer the page receives (the uniCloud client protocol's responses). */
function payAdminAnswers(page: Page): Array<string | number> {
  const codes: Array<string | number> = []
  page.on('response', async (response) => {
    if (!response.url().endsWith('/client')) return
    try {
      const body = JSON.parse(response.request().postData() ?? '{}') as { method?: string; params?: string }
      const params = JSON.parse(body.params ?? '{}') as { functionTarget?: string }
      if (body.method !== 'serverless.function.runtime.invoke' || params.functionTarget !== 'payAdmin') return
      const answer = (await response.json()) as { data?: { errCode?: string | number } }
      codes.push(answer.data?.errCode ?? 'none')
    } catch {
      // Not a cloud-object call.
    }
  })
  return codes
}

/** How many pixels of a canvas are not the background (the chart was drawn). */
function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d')!
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
    let painted = 0
    for (let i = 0; i < data.length; i += 4) if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) painted++
    return painted
  })
}

describe('the merchant console', () => {
  it('refuses a buyer who opens a console URL, showing no data; asks a visitor to log in', async () => {
    const buyer = await freshWechatUser('普通买家')
    const page = await openPage(browser, DESKTOP)
    const answers = payAdminAnswers(page)
    await page.goto(appUrl(`${CONSOLE}/overview/overview`))
    // Logged out: the login sheet, saying why, and the page's own state.
    await page.locator('[data-test=login-panel]').waitFor({ timeout: 20_000 })
    await expect.poll(() => page.locator('[data-test=login-panel]').textContent()).toContain('商家管理员')
    await shot(page, 'console-login')
    await loginInPanel(page, buyer)
    await page.locator('[data-test=console-refused]').waitFor({ timeout: 20_000 })
    expect(await page.locator('[data-test=console-refused]').textContent()).toContain('无权访问商家后台')
    expect(await page.locator('[data-test=overview]').count()).toBe(0)
    await shot(page, 'console-refused')

    // Every other console page by URL: the same refusal, no rows.
    for (const [route, data] of [
      [`${CONSOLE}/orders/orders`, 'console-order'],
      [`${CONSOLE}/queues/queues`, 'queued-refund'],
      [`${CONSOLE}/order/order?orderId=${'a'.repeat(24)}`, 'order-detail'],
    ]) {
      await page.goto(appUrl(route))
      await page.reload()
      await page.locator('[data-test=console-refused]').waitFor({ timeout: 20_000 })
      expect(await page.locator(`[data-test=${data}]`).count()).toBe(0)
    }
    // Every payAdmin answer the browser got was the refusal: no data ever reached it.
    expect(answers.length).toBeGreaterThanOrEqual(4)
    expect(new Set(answers)).toEqual(new Set(['MERCHANT_ONLY']))

    // 我的 offers no console to a buyer.
    await page.goto(appUrl('/src/pages/mine/index'))
    await page.locator('[data-test=logout]').waitFor({ timeout: 20_000 })
    await page.waitForTimeout(500)
    expect(await page.locator('[data-test=menu-console]').count()).toBe(0)
    await page.context().close()
  })

  it('an operator logs in, opens 商家后台 from 我的, and sees the fortnight drawn', async () => {
    const sale = await paidOrderOfBuyer('看图买家', 'p-drip-bags')
    const page = await openPage(browser, DESKTOP)
    await loginOnMine(page, OPERATOR)
    await page.locator('[data-test=menu-console]').click({ timeout: 20_000 })
    await page.locator('[data-test=overview]').waitFor({ timeout: 20_000 })
    for (const chart of ['takings-chart', 'counts-chart']) {
      await page.locator(`[data-test=${chart}] [data-test=chart][data-state=drawn]`).waitFor({ timeout: 20_000 })
      expect(await paintedPixels(page, `[data-test=${chart}] canvas`)).toBeGreaterThan(2000)
    }
    // Today's takings include the sale just made.
    const todayTakings = (await page.locator('[data-test=today-takings]').textContent()) ?? ''
    const fen = Math.round(Number(todayTakings.replace(/[^0-9.]/g, '')) * 100)
    expect(fen).toBeGreaterThanOrEqual(sale.amount)
    expect(await page.locator('[data-test=day-row]').count()).toBe(14)
    await shot(page, 'console-overview')
    await page.context().close()
  })

  it('an operator approves a buyer’s refund request from the queue', async () => {
    const sale = await paidOrderOfBuyer('退款买家', 'p-mug')
    const request = await invokeCloud('pay', 'requestRefund', [{ orderId: sale.orderId, reason: '杯子有裂纹' }], { token: sale.token })
    expect(request.errCode).toBe(0)

    const page = await openPage(browser, DESKTOP)
    await loginOnMine(page, OPERATOR)
    await page.goto(appUrl(`${CONSOLE}/queues/queues`))
    const queued = page.locator(`[data-test=queued-refund][data-order-id="${sale.orderId}"]`)
    await queued.waitFor({ timeout: 20_000 })
    expect(await queued.textContent()).toContain('杯子有裂纹')
    await shot(page, 'console-queues')

    await queued.click()
    const detail = page.locator(`[data-test=order-detail][data-order-id="${sale.orderId}"]`)
    await detail.waitFor({ timeout: 20_000 })
    const refund = detail.locator('[data-test=detail-refund][data-status=REQUESTED]')
    await refund.locator('[data-test=refund-approve]').click()
    await modal(page).root.waitFor()
    expect(await modal(page).content.textContent()).toContain('¥45.00')
    await afterFadeIn(page)
    await shot(page, 'console-approve-confirm')
    await modal(page).confirm.click()
    await expect.poll(() => toast(page).textContent(), { timeout: 20_000 }).toContain('已同意退款')
    // The request is decided by the operator and on its way (the emulator settles it shortly).
    const decided = detail.locator('[data-test=detail-refund]').first()
    await expect.poll(() => decided.getAttribute('data-status'), { timeout: 20_000 }).toMatch(/^(APPROVED|PROCESSING|SUCCESS)$/)
    expect(await decided.locator('[data-test=refund-decided]').textContent()).toContain('演示店长')
    await shot(page, 'console-order-refund')
    await page.context().close()
  })

  it('an operator rejects a refund request with the reason the buyer then sees, and closes an unpaid order', async () => {
    const sale = await paidOrderOfBuyer('被拒买家', 'p-sticker')
    expect((await invokeCloud('pay', 'requestRefund', [{ orderId: sale.orderId, reason: '不想要了' }], { token: sale.token })).errCode).toBe(0)

    const page = await openPage(browser, DESKTOP)
    await loginOnMine(page, OPERATOR)
    await page.goto(appUrl(`${CONSOLE}/order/order?orderId=${sale.orderId}`))
    const detail = page.locator(`[data-test=order-detail][data-order-id="${sale.orderId}"]`)
    await detail.waitFor({ timeout: 20_000 })
    const requested = detail.locator('[data-test=detail-refund][data-status=REQUESTED]')
    await requested.locator('[data-test=refund-reject]').click()
    // No reason, no rejection: the buyer is owed one.
    await requested.locator('[data-test=reject-submit]').click()
    await expect.poll(() => modal(page).content.textContent(), { timeout: 10_000 }).toBe('请填写拒绝原因，买家会看到它')
    await modal(page).confirm.click()
    await modal(page).root.waitFor({ state: 'hidden' })
    await requested.locator('[data-test=reject-reason] input').fill('商品已拆封，不支持无理由退款')
    await requested.locator('[data-test=reject-submit]').click()
    await expect.poll(() => modal(page).title.textContent(), { timeout: 10_000 }).toBe('拒绝退款')
    await modal(page).confirm.click()
    await expect.poll(() => toast(page).textContent(), { timeout: 20_000 }).toContain('已拒绝')
    const rejected = detail.locator('[data-test=detail-refund][data-status=REJECTED]')
    await expect.poll(() => rejected.textContent(), { timeout: 20_000 }).toContain('拒绝原因：商品已拆封，不支持无理由退款')
    expect(await detail.locator('[data-test=refund-approve]').count()).toBe(0)
    // The buyer sees the decision and its reason; no money moved.
    const mine = await invokeCloud('pay', 'getOrder', [{ orderId: sale.orderId }], { token: sale.token })
    expect(mine.order.status).toBe('PAID')
    expect(mine.order.refunds).toEqual([expect.objectContaining({ status: 'REJECTED', rejectReason: '商品已拆封，不支持无理由退款' })])

    // An unpaid order of the same buyer, closed from its detail: its link pasted into the address
    // bar of this tab (regression: uni-h5 kept the previous order's detail under the new URL).
    const unpaid = await invokeCloud('pay', 'createOrder', [{ items: [{ productId: 'p-sticker', quantity: 1 }], channel: 'miniprogram' }], { token: sale.token })
    expect(unpaid.errCode).toBe(0)
    await page.goto(appUrl(`${CONSOLE}/order/order?orderId=${unpaid.orderId}`))
    const open = page.locator(`[data-test=order-detail][data-order-id="${unpaid.orderId}"]`)
    await open.waitFor({ timeout: 20_000 })
    await open.locator('[data-test=action-close]').click()
    await expect.poll(() => modal(page).title.textContent(), { timeout: 10_000 }).toBe('关闭订单')
    await modal(page).confirm.click()
    await expect.poll(() => open.locator('[data-test=detail-status]').textContent(), { timeout: 20_000 }).toContain('已关闭')
    expect(await open.locator('[data-test=action-close]').count()).toBe(0)
    // Closed at WeChat Pay too: the buyer can no longer pay it.
    const closed = await invokeCloud('pay', 'getOrder', [{ orderId: unpaid.orderId }], { token: sale.token })
    expect(closed.order.status).toBe('CLOSED')
    const trade = (await emulator<Array<{ outTradeNo: string; state: string }>>('GET', 'wxpay/orders')).find((t) => t.outTradeNo === closed.order.outTradeNo)
    expect(trade?.state).toBe('CLOSED')
    await shot(page, 'console-order-closed')
    await page.context().close()
  })

  it('an operator enters the shipment of a mini-program order: SF needs the contact, the upload reaches WeChat', async () => {
    const sale = await paidOrderOfBuyer('发货买家', 'p-coffee-beans')
    const page = await openPage(browser, DESKTOP)
    await loginOnMine(page, OPERATOR)
    await untilOrder(await accessToken(page), sale.orderId, (o) => o.shipping?.state === 'waiting')

    // Found from the order list by its out_trade_no.
    await page.goto(appUrl(`${CONSOLE}/orders/orders`))
    await page.locator('[data-test=console-orders]').waitFor({ timeout: 20_000 })
    await page.locator('[data-test=filter-q] input').fill(sale.outTradeNo)
    await page.locator('[data-test=filter-search]').click()
    await expect.poll(() => page.locator('[data-test=console-order]').count(), { timeout: 20_000 }).toBe(1)
    expect(await page.locator('[data-test=matched-by]').textContent()).toContain('商户订单号')
    await page.locator(`[data-test=console-order][data-order-id="${sale.orderId}"]`).click()

    const detail = page.locator(`[data-test=order-detail][data-order-id="${sale.orderId}"]`)
    await detail.waitFor({ timeout: 20_000 })
    expect(await detail.locator('[data-test=shipping-status]').textContent()).toBe('待发货')
    await detail.locator('[data-test=action-ship]').click()
    const form = page.locator('[data-test=ship-form]')
    await form.waitFor()
    // The carrier picker: the first of WeChat's list is 顺丰速运.
    await expect.poll(() => form.locator('[data-test=ship-carrier]').textContent(), { timeout: 20_000 }).toContain('请选择')
    await form.locator('[data-test=ship-carrier]').click()
    // On a desktop, uni-h5 opens the picker as a drop-down list (moved under the app root).
    await page.locator('.uni-picker-select:visible').getByText('顺丰速运', { exact: true }).click()
    await expect.poll(() => form.locator('[data-test=ship-carrier]').textContent()).toContain('顺丰速运')
    await form.locator('[data-test=ship-tracking] input').fill('SF1234567890')
    await form.locator('[data-test=ship-submit]').click()
    // 顺丰 needs the receiver's phone: said before anything is sent.
    await modal(page).root.waitFor()
    expect(await modal(page).content.textContent()).toContain('顺丰快递须填写收件人联系电话')
    await modal(page).confirm.click()
    await form.locator('[data-test=ship-contact] input').fill('13800001234')
    await shot(page, 'console-ship-form')
    await form.locator('[data-test=ship-submit]').click()
    await modal(page).root.waitFor()
    expect(await modal(page).content.textContent()).toContain('顺丰速运 SF1234567890')
    await modal(page).confirm.click()
    await expect.poll(() => toast(page).textContent(), { timeout: 20_000 }).toContain('已录入发货')
    await expect.poll(() => detail.locator('[data-test=shipping-status]').textContent(), { timeout: 20_000 }).toBe('已发货')
    expect(await detail.locator('[data-test=upload-state]').textContent()).toBe('已上传微信')
    expect(await detail.locator('[data-test=shipping-tracking]').textContent()).toBe('SF1234567890')
    expect(await detail.locator('[data-test=detail-shipping]').textContent()).toContain('*******1234')
    await shot(page, 'console-order-detail')
    await page.context().close()
  })

  it('an operator filters the orders and exports them as a CSV that opens with its Chinese intact', async () => {
    const page = await openPage(browser, DESKTOP)
    await loginOnMine(page, OPERATOR)
    await page.goto(appUrl(`${CONSOLE}/orders/orders`))
    await page.locator('[data-test=console-orders]').waitFor({ timeout: 20_000 })
    await shot(page, 'console-orders')
    // 已支付 only (the list opened with ?status=PAID sets the filter, as a link from elsewhere would).
    await page.goto(appUrl(`${CONSOLE}/orders/orders?status=PAID`))
    await page.reload()
    await page.locator('[data-test=console-order]').first().waitFor({ timeout: 20_000 })
    const statuses = await page.locator('[data-test=console-order-status]').allTextContents()
    expect(statuses.length).toBeGreaterThan(0)
    expect(new Set(statuses)).toEqual(new Set(['已支付']))
    const shown = await page.locator('[data-test=console-order]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-order-id')))
    await shot(page, 'console-orders-paid')

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.locator('[data-test=export-csv]').click()])
    expect(download.suggestedFilename()).toMatch(/^orders-\d{8}-\d{6}\.csv$/)
    const bytes = readFileSync(await download.path())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...rows] = parse(bytes.subarray(3).toString('utf8')) as string[][]
    expect(header.slice(0, 3)).toEqual(['订单号', '商户订单号', '微信支付单号'])
    // Every matching order, not just the page: the page's rows come first, in the same order.
    expect(rows.length).toBeGreaterThanOrEqual(shown.length)
    expect(rows.slice(0, shown.length).map((r) => r[0])).toEqual(shown)
    expect(new Set(rows.map((r) => r[5]))).toEqual(new Set(['已支付']))
    await modal(page).root.waitFor()
    expect(await modal(page).content.textContent()).toBe(`已导出 ${rows.length} 条订单`)
    await page.context().close()
  })

  it('is wide on a desktop while the buyer’s pages stay a 480 px column, however the operator gets there and back', async () => {
    const page = await openPage(browser, DESKTOP)
    const column = async () => {
      await page.waitForTimeout(300)
      return page.evaluate(() => Math.round(document.querySelector('uni-page-body')!.getBoundingClientRect().width))
    }
    await loginOnMine(page, OPERATOR)
    expect(await column()).toBe(480)
    await page.locator('[data-test=menu-console]').click()
    await page.locator('[data-test=overview]').waitFor({ timeout: 20_000 })
    expect(await column()).toBe(1200)
    await page.locator('[data-test=console-tab-orders]').click()
    await page.locator('[data-test=order-filters]').waitFor({ timeout: 20_000 })
    expect(await column()).toBe(1200)
    await page.goBack()
    await page.locator('[data-test=logout]').waitFor({ timeout: 20_000 })
    expect(await column()).toBe(480)
    await page.goto(appUrl(`${CONSOLE}/queues/queues`))
    await page.locator('[data-test=queue-refunds]').waitFor({ timeout: 20_000 })
    expect(await column()).toBe(1200)
    await page.goto(appUrl('/src/pages/index/index'))
    expect(await column()).toBe(480)
    await page.context().close()
  })

  it('fits a phone’s width: the list stacks its columns and the detail its panels', async () => {
    const page = await openPage(browser)
    await loginOnMine(page, OPERATOR)
    await page.goto(appUrl(`${CONSOLE}/orders/orders`))
    const first = page.locator('[data-test=console-order]').first()
    await first.waitFor({ timeout: 20_000 })
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(390)
    await shot(page, 'console-orders-phone')
    await first.click()
    await page.locator('[data-test=order-detail]').waitFor({ timeout: 20_000 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await shot(page, 'console-order-phone')
    await page.context().close()
  })
})
