import { e2eLocator } from './locator'
import { emulator } from './emulator'
import { withKitToken } from '../../tests/helpers/login'

/** A cloud object answer: `{ errCode: 0, … }` or `{ errCode, errMsg }`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CloudAnswer = { errCode: number | string; errMsg?: string } & Record<string, any>

/** Call a cloud object in the running local runtime (its invoke control), as a client with this token would. */
export async function invokeCloud(name: string, method: string, params: unknown[], options: { token?: string; clientInfo?: object } = {}): Promise<CloudAnswer> {
  const res = await fetch(`${e2eLocator().runtimeUrl}/__emulator/v1/invoke/${name}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // The token travels as the client sends it: the KitAuth last parameter.
    body: JSON.stringify({ params: withKitToken(params, options.token), clientInfo: options.clientInfo ?? { uniPlatform: 'mp-weixin' } }),
  })
  if (!res.ok) throw new Error(`invoke ${name}.${method}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { result: CloudAnswer }).result
}

/**
 * A PAID order for a logged-in user, made through the pay object and the
 * emulator's "the phone pays" control — independent of the checkout page.
 */
export async function createPaidOrder(token: string, user: string, productId: string, quantity = 1): Promise<{ orderId: string; outTradeNo: string; amount: number }> {
  const created = await invokeCloud('pay', 'createOrder', [{ items: [{ productId, quantity }], channel: 'miniprogram' }], { token })
  if (created.errCode !== 0) throw new Error(`pay.createOrder: ${String(created.errCode)} ${created.errMsg ?? ''}`)
  await emulator('POST', 'wxpay/pay', { ...created.payment, user })
  // The notify arrives on its own; getOrder also asks WeChat Pay while the order is unpaid.
  const deadline = Date.now() + 20_000
  for (;;) {
    const { order, errCode } = await invokeCloud('pay', 'getOrder', [{ orderId: created.orderId }], { token })
    if (errCode === 0 && order.status === 'PAID') return { orderId: order.orderId, outTradeNo: order.outTradeNo, amount: order.amount }
    if (Date.now() > deadline) throw new Error(`order ${created.orderId} not PAID in time (${String(order?.status ?? errCode)})`)
    await new Promise((r) => setTimeout(r, 300))
  }
}
