/** The timer's reconciliation pass. */
import { describe, expect, it } from 'vitest'
import { applyTransaction, ORDER_TTL_MS } from '../../../cloud/pay/payments'
import { reconcile } from '../../../cloud/pay/reconcile'
import { refundByMerchant } from '../../../cloud/pay/refunds'
import { countingFulfiller, newOrder, payFixture, stored, transitions } from './support'

describe('reconcile', () => {
  it('leaves young unpaid orders to their notifies', async () => {
    const f = payFixture()
    await newOrder(f)
    f.env.advance(59_000)
    expect(await reconcile(f.deps)).toEqual({ expired: 0, paid: 0, queried: 0, verified: 0, refundsSettled: 0, fulfilled: 0, failures: 0 })
    expect(f.gateway.count('queryOrderByOutTradeNo')).toBe(0)
  })

  it('finds payments whose notifies were lost, once an order is a minute old, and asks again only a minute later', async () => {
    const f = payFixture()
    const paid = await newOrder(f)
    const unpaid = await newOrder(f)
    f.gateway.pay(paid.outTradeNo)
    f.env.advance(61_000)
    expect(await reconcile(f.deps)).toMatchObject({ paid: 1, failures: 0 })
    expect(transitions(await stored(f, paid._id))).toEqual(['NOTPAY>PAID:timing'])
    expect((await stored(f, paid._id)).fulfilment.status).toBe('done')
    expect((await stored(f, unpaid._id)).status).toBe('NOTPAY')
    const queries = f.gateway.count('queryOrderByOutTradeNo')
    f.env.advance(30_000)
    await reconcile(f.deps)
    expect(f.gateway.count('queryOrderByOutTradeNo')).toBe(queries)
  })

  it('closes unpaid orders past time_expire, at WeChat Pay too', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.env.advance(ORDER_TTL_MS + 1)
    expect(await reconcile(f.deps)).toMatchObject({ expired: 1 })
    expect(await stored(f, order._id)).toMatchObject({ status: 'CLOSED', closeReason: 'EXPIRED' })
    expect(f.gateway.orders.get(order.outTradeNo)?.state).toBe('CLOSED')
  })

  it('settles refunds whose notifies were lost', async () => {
    const f = payFixture()
    const order = await newOrder(f)
    f.gateway.pay(order.outTradeNo)
    await applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'notify')
    const refunding = await refundByMerchant(f.deps, await stored(f, order._id), { reason: 'x' }, 'operator')
    f.gateway.settleRefund(refunding.outRefundNo!)
    f.env.advance(61_000)
    expect(await reconcile(f.deps)).toMatchObject({ refundsSettled: 1 })
    expect((await stored(f, order._id)).status).toBe('REFUNDED')
  })

  it('runs pending fulfilments, and one failing order does not stop the others', async () => {
    const fulfiller = countingFulfiller({ failures: 1 })
    const f = payFixture(fulfiller)
    const first = await newOrder(f)
    const second = await newOrder(f)
    for (const order of [first, second]) {
      f.gateway.pay(order.outTradeNo)
      await applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'notify').catch(() => undefined)
    }
    // first failed its fulfilment; second was fulfilled.
    expect((await stored(f, first._id)).fulfilment.status).toBe('pending')
    f.gateway.failures.queryOrderByOutTradeNo = [new Error('boom')]
    const stale = await newOrder(f)
    f.env.advance(61_000)
    const summary = await reconcile(f.deps)
    expect(summary).toMatchObject({ fulfilled: 1, failures: 1 })
    expect((await stored(f, first._id)).fulfilment.status).toBe('done')
    expect((await stored(f, stale._id)).status).toBe('NOTPAY')
    expect(f.log.lines.some((l) => l.includes(`query of ${stale._id} failed: Error`))).toBe(true)
  })
})
