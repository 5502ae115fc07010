import { afterEach, describe, expect, it } from 'vitest'
import { launchMiniProgram, type MiniProgram } from './runtime'
import { mpLocator } from './support/locator'
import { freshWechatUser } from './support/users'
import { withKitToken } from '../../tests/helpers/login'

/**
 * The merchant console in the built mini program: its pages load from their
 * own subpackage, a buyer who opens one sees the refusal and no data, and the
 * operator (`merchant`, the dev operator) sees the overview and moves between
 * the sections (relative routes inside the subpackage).
 */
const CONSOLE = 'uni_modules/wxkit-login-pay/pages/console'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { errCode: number | string } & Record<string, any>

/** A cloud call through the runtime's invoke control, as a client with `token` makes it. */
async function invoke(name: string, method: string, input: unknown, token?: string): Promise<Answer> {
  const res = await fetch(`${mpLocator().runtimeUrl}/__emulator/v1/invoke/${name}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ params: withKitToken([input], token), clientInfo: { uniPlatform: 'mp-weixin' } }),
  })
  return ((await res.json()) as { result: Answer }).result
}

async function emulator<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${mpLocator().emulatorUrl}/__emulator/v1/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return (await res.json()) as T
}

/** A buyer's paid order of `productId` with a refund request waiting for review. */
async function orderWithRefundRequest(productId: string): Promise<string> {
  const user = await freshWechatUser()
  const { code } = await emulator<{ code: string }>('login/code', { user })
  const { accessToken } = await invoke('weixinLogin', 'login', { code })
  const created = await invoke('pay', 'createOrder', { items: [{ productId, quantity: 1 }] }, accessToken)
  await emulator('wxpay/pay', { ...created.payment, user })
  for (let i = 0; i < 100; i++) {
    const { order } = await invoke('pay', 'getOrder', { orderId: created.orderId }, accessToken)
    if (order?.status === 'PAID') break
    await new Promise((r) => setTimeout(r, 100))
  }
  const requested = await invoke('pay', 'requestRefund', { orderId: created.orderId, reason: '不想要了' }, accessToken)
  if (requested.errCode !== 0) throw new Error(`requestRefund: ${String(requested.errCode)}`)
  return created.orderId as string
}

describe('the merchant console in the mini program', () => {
  const clients: MiniProgram[] = []
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
  })

  async function open(user: string, page: string, query?: Record<string, string>): Promise<MiniProgram> {
    const { buildDir, emulatorUrl } = mpLocator()
    const mp = await launchMiniProgram({ root: buildDir, emulatorUrl, user, path: `${CONSOLE}/${page}`, query })
    clients.push(mp)
    // Logged out: the kit's login sheet, then 微信一键登录.
    await mp.page.waitFor('login-panel')
    await mp.page.tap('login-code')
    return mp
  }

  it('a buyer who opens a console page sees the refusal and no data', async () => {
    const mp = await open(await freshWechatUser(), 'overview/overview')
    await mp.page.waitFor('console-refused')
    expect(mp.page.find('overview')).toBeUndefined()
    expect(mp.page.find({ textContains: '无权访问商家后台' })).toBeDefined()
    expect(mp.errors).toEqual([])
  })

  it('the operator sees the overview’s figures and goes on to the orders and the queues', async () => {
    const mp = await open('merchant', 'overview/overview')
    await mp.page.waitFor('overview')
    await mp.page.waitFor('today-takings')
    expect(mp.page.findAll('day-row')).toHaveLength(14)

    await mp.page.tap('console-tab-orders')
    const orders = await mp.waitForPage(`${CONSOLE}/orders/orders`)
    await orders.waitFor('order-filters')
    await orders.tap('console-tab-queues')
    const queues = await mp.waitForPage(`${CONSOLE}/queues/queues`)
    await queues.waitFor('queue-refunds')
    expect(mp.errors).toEqual([])
  })

  it('the operator approves a refund request on the order’s page, after confirming', async () => {
    const orderId = await orderWithRefundRequest('p-drip-bags')
    const mp = await open('merchant', 'order/order', { orderId })
    await mp.page.waitFor({ test: 'detail-refund', data: { status: 'REQUESTED' } })
    await mp.page.tap('refund-approve')
    await mp.answerModal('同意退款')
    // Decided by the operator and on its way to WeChat Pay (which settles it on its own schedule).
    await mp.page.waitFor('refund-decided')
    const refund = mp.page.find('detail-refund')!
    expect(['APPROVED', 'PROCESSING', 'SUCCESS']).toContain(refund.dataset.status)
    expect(mp.page.find('refund-decided')?.text()).toContain('演示店长')
    expect(mp.native.toasts.map((t) => t.title)).toContain('已同意退款')
    expect(mp.errors).toEqual([])
  })
})
