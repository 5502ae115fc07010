/**
 * Regression: createOrder had no per-user limit, and every call placed a WeChat
 * Pay order. End to end through the built pay bundle: past the configured
 * limits createOrder answers TOO_MANY_UNPAID_ORDERS or RATE_LIMITED and WeChat
 * Pay never hears of the order.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ageOrder, callLog, callObject, flushNotifies, loginMp, pay, payWithRequestPayment, startPayStack, type PayStack } from '../../helpers/pay'

const JSAPI = 'POST /v3/pay/transactions/jsapi'
const CART = { items: [{ productId: 'p-mug', quantity: 1 }] }

let s: PayStack | undefined
afterEach(async () => {
  await s?.close()
  s = undefined
})

/** Wait until the current minute has at least `seconds` left, so a fixed-window count does not roll over mid-test. */
async function awayFromMinuteEnd(seconds = 10): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000)
  if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 50))
}

async function createOrder(stack: PayStack, token: string) {
  return callObject(stack, 'pay', 'createOrder', [CART], { token })
}

describe('createOrder limits per user', () => {
  it('TOO_MANY_UNPAID_ORDERS at maxUnpaidPerUser open unpaid orders, before WeChat Pay; paying, closing or expiry frees a place', async () => {
    s = await startPayStack({ appConfig: { orderLimits: { maxUnpaidPerUser: 3, createPerUserPerMinute: 100 } } })
    const stack = s
    const alice = await loginMp(stack, 'alice')
    const bob = await loginMp(stack, 'bob')
    const orders = []
    for (let i = 0; i < 3; i++) orders.push(await pay(stack, alice, 'createOrder', CART))
    const placed = (await callLog(stack, JSAPI)).length

    const refused = await createOrder(stack, alice)
    expect(refused).toEqual({ errCode: 'TOO_MANY_UNPAID_ORDERS', errMsg: expect.any(String), detail: { limit: 3 } })
    expect((await callLog(stack, JSAPI)).length).toBe(placed)
    expect((await createOrder(stack, bob)).errCode).toBe(0)

    await payWithRequestPayment(stack, orders[0].payment, 'alice')
    await flushNotifies(stack)
    expect((await createOrder(stack, alice)).errCode).toBe(0)
    expect((await createOrder(stack, alice)).errCode).toBe('TOO_MANY_UNPAID_ORDERS')

    await pay(stack, alice, 'closeOrder', { orderId: orders[1].orderId })
    expect((await createOrder(stack, alice)).errCode).toBe(0)
    expect((await createOrder(stack, alice)).errCode).toBe('TOO_MANY_UNPAID_ORDERS')

    await ageOrder(stack, orders[2].orderId, 16 * 60_000)
    expect((await createOrder(stack, alice)).errCode).toBe(0)
  })

  it('RATE_LIMITED beyond createPerUserPerMinute, with retryAfterSeconds, before WeChat Pay; other users unaffected', async () => {
    s = await startPayStack({ appConfig: { orderLimits: { maxUnpaidPerUser: 100, createPerUserPerMinute: 4 } } })
    const stack = s
    const alice = await loginMp(stack, 'alice')
    const bob = await loginMp(stack, 'bob')
    await awayFromMinuteEnd()
    for (let i = 0; i < 4; i++) expect((await createOrder(stack, alice)).errCode).toBe(0)
    const placed = (await callLog(stack, JSAPI)).length
    const refused = await createOrder(stack, alice)
    expect(refused).toMatchObject({ errCode: 'RATE_LIMITED', detail: { retryAfterSeconds: expect.any(Number) } })
    expect((refused.detail as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0)
    expect((refused.detail as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(60)
    expect((await callLog(stack, JSAPI)).length).toBe(placed)
    expect((await createOrder(stack, bob)).errCode).toBe(0)
  })

  it('defaults without an orderLimits section: 10 open unpaid orders', async () => {
    s = await startPayStack({ appConfig: { orderLimits: undefined } })
    const stack = s
    const carol = await loginMp(stack, 'carol')
    await awayFromMinuteEnd()
    for (let i = 0; i < 10; i++) expect((await createOrder(stack, carol)).errCode).toBe(0)
    expect((await createOrder(stack, carol)).errCode).toBe('TOO_MANY_UNPAID_ORDERS')
  })

  it('an invalid orderLimits section is CONFIG_INVALID, naming the key', async () => {
    s = await startPayStack({ appConfig: { orderLimits: { maxUnpaidPerUser: 0 } } })
    const stack = s
    const dave = await loginMp(stack, 'dave')
    expect(await createOrder(stack, dave)).toMatchObject({ errCode: 'CONFIG_INVALID', errMsg: 'config invalid: orderLimits.maxUnpaidPerUser: must be positive' })
  })
})
