/** The timer's reconciliation pass. */
import { describe, expect, it } from 'vitest'
import { applyTransaction, ORDER_TTL_MS } from '../../../cloud/pay/payments'
import { reconcile } from '../../../cloud/pay/reconcile'
import { refundByMerchant } from '../../../cloud/pay/refunds'
import { countingFulfiller, newOrder, payFixture, stored, transitions, wxpayError } from './support'

describe('reconcile', () => {
  it('asks about every unpaid order, however young, unless it was asked about in the last 5 seconds', async () => {
    const f = payFixture()
    const young = await newOrder(f)
    f.env.advance(10_000)
    expect(await reconcile(f.deps)).toEqual({ expired: 0, paid: 0, queried: 1, verified: 0, refundsSettled: 0, fulfilled: 0, failures: 0 })
    f.env.advance(3_000)
    expect(await reconcile(f.deps)).toMatchObject({ queried: 0 })
    expect(f.gateway.count('queryOrderByOutTradeNo')).toBe(1)
    expect((await stored(f, young._id)).status).toBe('NOTPAY')
  })

  it('finds payments whose notifies were lost at the next run, whatever the order\'s age, and asks about each order once per run', async () => {
    const f = payFixture()
    const paid = await newOrder(f)
    const unpaid = await newOrder(f)
    f.env.advance(20_000)
    f.gateway.pay(paid.outTradeNo)
    f.env.advance(5_000)
    expect(await reconcile(f.deps)).toMatchObject({ paid: 1, queried: 2, failures: 0 })
    expect(transitions(await stored(f, paid._id))).toEqual(['NOTPAY>PAID:timing'])
    expect((await stored(f, paid._id)).fulfilment.status).toBe('done')
    expect((await stored(f, unpaid._id)).status).toBe('NOTPAY')
    f.env.advance(5 * 60_000)
    expect(await reconcile(f.deps)).toMatchObject({ paid: 0, queried: 1 })
  })

  it('stops its queries at a 429 FREQUENCY_LIMITED: the rest wait for the next run, which asks them all', async () => {
    const f = payFixture()
    const orders = [await newOrder(f), await newOrder(f), await newOrder(f), await newOrder(f)]
    f.gateway.pay(orders[0].outTradeNo)
    f.gateway.failures.queryOrderByOutTradeNo = [wxpayError(429, 'FREQUENCY_LIMITED')]
    f.env.advance(61_000)
    expect(await reconcile(f.deps, { concurrency: 1 })).toMatchObject({ queried: 1, throttled: true, failures: 1 })
    expect(f.gateway.count('queryOrderByOutTradeNo')).toBe(1)
    f.env.advance(5 * 60_000)
    const next = await reconcile(f.deps, { concurrency: 1 })
    expect(next).toMatchObject({ queried: 4, paid: 1, failures: 0 })
    expect(next.throttled).toBeUndefined()
    expect((await stored(f, orders[0]._id)).status).toBe('PAID')
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
