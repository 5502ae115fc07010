/**
 * The merchant's fulfilment hook: a cloud object of the app (the demo shop's
 * shopFulfilment in uniCloud-aliyun) that the kit's pay object calls once an
 * order is paid, named in the config, with no change to the kit's bundles.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_SHOP_CONFIG } from '../../../emulators/start'
import { callObject, control, flushNotifies, loginMp, pay, payWithRequestPayment, startPayStack, storedOrder, type PayStack } from '../../helpers/pay'

let s: PayStack
let alice: string

beforeAll(async () => {
  s = await startPayStack({ appConfig: DEMO_SHOP_CONFIG })
  alice = await loginMp(s, 'alice')
})
afterAll(() => s?.close())
beforeEach(() => control(s, 'DELETE', '/faults'))

async function paidOrderId(): Promise<string> {
  const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity: 2 }] })
  await payWithRequestPayment(s, created.payment, 'alice')
  await flushNotifies(s)
  return created.orderId as string
}

describe('fulfilment hook (config fulfilment.cloudObject)', () => {
  it("calls the app's cloud object with what was bought, once per order, instead of the kit's own delivery record", async () => {
    const orderId = await paidOrderId()
    expect((await storedOrder(s, orderId)).fulfilment.status).toBe('done')
    const delivered = (await s.db.collection('shop-deliveries').where({ orderId }).get()).data
    expect(delivered).toEqual([expect.objectContaining({ orderId, items: [{ productId: 'p-mug', quantity: 2 }] })])
    expect((await s.db.collection('wxkit-deliveries').where({ orderId }).count()).total).toBe(0)
  })

  it('is idempotent on the order id: a second call for the same order delivers nothing more', async () => {
    const orderId = await paidOrderId()
    const order = await storedOrder(s, orderId)
    const again = await s.stack.runtime.invoke('shopFulfilment', 'fulfil', [{ order: { orderId, userId: order.userId, items: order.items } }], { source: 'function' })
    expect(again).toEqual({ errCode: 0 })
    expect((await s.db.collection('shop-deliveries').where({ orderId }).count()).total).toBe(1)
  })

  it('refuses to be called by a client: only the kit (server to server) may fulfil', async () => {
    const answer = await callObject(s, 'shopFulfilment', 'fulfil', [{ order: { orderId: 'forged', userId: 'x', items: [] } }], { token: alice })
    expect(answer.errCode).not.toBe(0)
    expect((await s.db.collection('shop-deliveries').where({ orderId: 'forged' }).count()).total).toBe(0)
  })
})
