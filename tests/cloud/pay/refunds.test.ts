/** Full refunds: PAID → REFUNDING → REFUNDED | REFUND_FAILED. */
import { describe, expect, it } from 'vitest'
import { PaymentMatchError, applyTransaction } from '../../../cloud/pay/payments'
import { REFUNDS, applyRefund, reconcileRefund, refundReportOf, requestRefund } from '../../../cloud/pay/refunds'
import type { OrderRecord } from '../../../cloud/pay/orders'
import { WxpayError } from '../../../cloud/wxpay/errors'
import { newOrder, payFixture, stored, transitions, wxpayError, type PayFixture } from './support'
import { rejection } from '../support'

async function paidOrder(f: PayFixture): Promise<OrderRecord> {
  const order = await newOrder(f)
  f.gateway.pay(order.outTradeNo)
  return (await applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'notify')).order
}

async function ledger(f: PayFixture, orderId: string) {
  return (await f.deps.db.collection(REFUNDS).where({ orderId }).get()).data
}

describe('requestRefund', () => {
  it('PAID → REFUNDING, a ledger entry, and a full refund at WeChat Pay (PROCESSING)', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const refunding = await requestRefund(f.deps, order, '不想要了')
    expect(refunding).toMatchObject({ status: 'REFUNDING', refund: { status: 'PROCESSING', amount: 4500, reason: '不想要了', refundId: expect.any(String) } })
    const outRefundNo = refunding.refund?.outRefundNo
    expect(f.gateway.calls.at(-1)).toEqual({
      method: 'createRefund',
      arg: { out_trade_no: order.outTradeNo, out_refund_no: outRefundNo, reason: '不想要了', amount: { refund: 4500, total: 4500, currency: 'CNY' } },
    })
    expect(await ledger(f, order._id)).toMatchObject([{ outRefundNo, status: 'PROCESSING', amount: 4500, total: 4500 }])
  })

  it('only a paid order; asking again while under way answers the order and refunds once', async () => {
    const f = payFixture()
    const unpaid = await newOrder(f)
    expect((await rejection(requestRefund(f.deps, unpaid, ''))).code).toBe('ORDER_NOT_REFUNDABLE')
    const order = await paidOrder(f)
    const results = await Promise.all([requestRefund(f.deps, order, 'a'), requestRefund(f.deps, order, 'b'), requestRefund(f.deps, order, 'c')])
    expect(results.every((r) => r.status === 'REFUNDING')).toBe(true)
    expect(f.gateway.count('createRefund')).toBe(1)
    expect(await ledger(f, order._id)).toHaveLength(1)
  })

  it('a refund WeChat Pay refuses ends REFUND_FAILED (REJECTED) with its code', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    f.gateway.failures.createRefund = [wxpayError(403, 'NOT_ENOUGH')]
    expect(await requestRefund(f.deps, order, 'x')).toMatchObject({ status: 'REFUND_FAILED', refund: { status: 'REJECTED', wechatCode: 'NOT_ENOUGH' } })
    expect(await ledger(f, order._id)).toMatchObject([{ status: 'REJECTED' }])
  })

  it('a refund that could not be submitted stays REFUNDING; the reconciler submits it with the same number', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    f.gateway.failures.createRefund = [new WxpayError('TIMEOUT', 't')]
    const refunding = await requestRefund(f.deps, order, 'x')
    expect(refunding).toMatchObject({ status: 'REFUNDING', refund: { status: 'PROCESSING' } })
    expect(f.gateway.refunds.size).toBe(0)

    f.env.advance(61_000)
    await reconcileRefund(f.deps, refunding)
    expect(f.gateway.calls.map((c) => c.method).slice(-3)).toEqual(['createRefund', 'queryRefund', 'createRefund'])
    expect([...f.gateway.refunds.keys()]).toEqual([refunding.refund?.outRefundNo])
  })
})

describe('applying refund reports', () => {
  it('SUCCESS (notify) → REFUNDED; the same notify again changes nothing', async () => {
    const f = payFixture()
    const refunding = await requestRefund(f.deps, await paidOrder(f), 'x')
    const no = refunding.refund!.outRefundNo
    const resource = { ...f.gateway.settleRefund(no), refund_status: 'SUCCESS', mchid: f.gateway.mchId }
    const refunded = await applyRefund(f.deps, refundReportOf(resource), 'notify')
    expect(refunded).toMatchObject({ status: 'REFUNDED', refund: { status: 'SUCCESS', succeededAt: Date.parse('2025-01-01T20:10:00+08:00') } })
    await applyRefund(f.deps, refundReportOf(resource), 'notify')
    expect(transitions(await stored(f, refunding._id))).toEqual(['NOTPAY>PAID:notify', 'PAID>REFUNDING:user', 'REFUNDING>REFUNDED:notify'])
    expect(await ledger(f, refunding._id)).toMatchObject([{ status: 'SUCCESS', refundId: `50${no}` }])
  })

  it.each(['ABNORMAL', 'CLOSED'] as const)('%s → REFUND_FAILED', async (status) => {
    const f = payFixture()
    const refunding = await requestRefund(f.deps, await paidOrder(f), 'x')
    const report = refundReportOf(f.gateway.settleRefund(refunding.refund!.outRefundNo, status))
    expect(await applyRefund(f.deps, report, 'notify')).toMatchObject({ status: 'REFUND_FAILED', refund: { status } })
  })

  it.each([
    ['amount.refund', { amount: { refund: 1, total: 4500 } }],
    ['amount.total', { amount: { refund: 4500, total: 9000 } }],
    ['mchid', { mchid: '1900000999' }],
  ])('a report whose %s does not match is refused and changes nothing', async (field, override) => {
    const f = payFixture()
    const refunding = await requestRefund(f.deps, await paidOrder(f), 'x')
    const report = { ...refundReportOf(f.gateway.settleRefund(refunding.refund!.outRefundNo)), ...override }
    const failure = await rejection(applyRefund(f.deps, report, 'notify'))
    expect(failure).toBeInstanceOf(PaymentMatchError)
    expect((failure as PaymentMatchError).fields).toEqual([field])
    expect((await stored(f, refunding._id)).status).toBe('REFUNDING')
  })

  it('a report of an unknown refund is a 404; a malformed one a 400', async () => {
    const f = payFixture()
    const refunding = await requestRefund(f.deps, await paidOrder(f), 'x')
    const report = refundReportOf(f.gateway.settleRefund(refunding.refund!.outRefundNo))
    expect(await rejection(applyRefund(f.deps, { ...report, out_refund_no: 'R-other' }, 'notify'))).toMatchObject({ status: 404 })
    expect(() => refundReportOf({ out_refund_no: 'R' })).toThrow(PaymentMatchError)
  })

  it('the reconciler queries at most once a minute and applies what it learns', async () => {
    const f = payFixture()
    const refunding = await requestRefund(f.deps, await paidOrder(f), 'x')
    await reconcileRefund(f.deps, refunding)
    expect(f.gateway.count('queryRefund')).toBe(0)
    f.env.advance(60_001)
    f.gateway.settleRefund(refunding.refund!.outRefundNo)
    expect((await reconcileRefund(f.deps, refunding)).status).toBe('REFUNDED')
    expect(transitions(await stored(f, refunding._id)).at(-1)).toBe('REFUNDING>REFUNDED:timing')
  })
})
