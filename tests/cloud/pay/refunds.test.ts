/** Refunds under the merchant's control: requests, review, policy, partial refunds, limits, settlement. */
import { describe, expect, it } from 'vitest'
import { applyTransaction } from '../../../cloud/pay/payments'
import { PaymentMatchError } from '../../../cloud/pay/match-error'
import { refundsOf, type RefundRecord } from '../../../cloud/pay/refund-records'
import {
  MAX_REFUNDS_PER_ORDER,
  REFUND_SPACING_MS,
  REFUND_WINDOW_MS,
  applyRefund,
  approveRefund,
  reconcileRefund,
  refundByMerchant,
  refundReportOf,
  rejectRefund,
  requestRefund,
} from '../../../cloud/pay/refunds'
import { reconcile } from '../../../cloud/pay/reconcile'
import type { OrderRecord } from '../../../cloud/pay/orders'
import { newOrder, payFixture, stored, transitions, wxpayError, type PayFixture } from './support'
import { rejection } from '../support'

/** A paid order of two mugs (9000 fen). */
async function paidOrder(f: PayFixture): Promise<OrderRecord> {
  const order = await newOrder(f, { lines: [{ productId: 'p-mug', quantity: 2 }] })
  f.gateway.pay(order.outTradeNo)
  await applyTransaction(f.deps, f.gateway.transaction(order.outTradeNo), 'notify')
  return stored(f, order._id)
}

async function refundOf(f: PayFixture, refundId: string): Promise<RefundRecord> {
  return (await refundsOf(f.deps.db).doc(refundId).get()).data[0]
}

/** WeChat Pay settles a refund and its notify arrives. */
async function settle(f: PayFixture, refund: RefundRecord, status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL' = 'SUCCESS'): Promise<RefundRecord> {
  return applyRefund(f.deps, refundReportOf({ ...f.gateway.settleRefund(refund.outRefundNo!, status), refund_status: status, mchid: f.gateway.mchId }), 'notify')
}

describe('a buyer asks; the merchant decides', () => {
  it('by default a request waits for review: REQUESTED, nothing sent to WeChat Pay, one request at a time', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const request = await requestRefund(f.deps, order, { amount: 3000, reason: '不想要了' })
    expect(request).toMatchObject({ status: 'REQUESTED', amount: 3000, reason: '不想要了', origin: 'buyer' })
    expect(request.outRefundNo).toBeUndefined()
    expect(f.gateway.count('createRefund')).toBe(0)
    expect(await stored(f, order._id)).toMatchObject({ status: 'PAID', refundable: 9000, refundRequestOpen: true, refundRequests: 1 })
    expect((await rejection(requestRefund(f.deps, await stored(f, order._id), { amount: 1000 }))).code).toBe('REFUND_REQUEST_PENDING')
  })

  it('approved: reserved, sent with its out_refund_no, PARTIALLY_REFUNDED once WeChat Pay pays it out', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const request = await requestRefund(f.deps, order, { amount: 3000, reason: '少发了一件' })
    const approved = await approveRefund(f.deps, request._id, '店长')
    expect(approved).toMatchObject({ status: 'PROCESSING', decidedBy: '店长', outRefundNo: expect.stringMatching(/^R/) })
    expect(f.gateway.calls.filter((c) => c.method === 'createRefund').map((c) => c.arg)).toEqual([
      { out_trade_no: order.outTradeNo, out_refund_no: approved.outRefundNo, reason: '少发了一件', amount: { refund: 3000, total: 9000, currency: 'CNY' } },
    ])
    expect(await stored(f, order._id)).toMatchObject({ status: 'PAID', refundable: 6000, refunded: 0, refundCount: 1, refundRequestOpen: false })
    const done = await settle(f, approved)
    expect(done).toMatchObject({ status: 'SUCCESS', settledAt: expect.any(Number) })
    expect(await stored(f, order._id)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundable: 6000, refunded: 3000 })
  })

  it('rejected with a reason the buyer sees; the amount stays refundable and the buyer may ask again', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const request = await requestRefund(f.deps, order, { reason: '颜色不喜欢' })
    expect(request.amount).toBe(9000)
    const rejected = await rejectRefund(f.deps, request._id, '商品已拆封，不支持退款', '店长')
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectReason: '商品已拆封，不支持退款' })
    expect(await stored(f, order._id)).toMatchObject({ refundable: 9000, refundRequestOpen: false })
    expect((await rejection(approveRefund(f.deps, request._id, '店长'))).code).toBe('REFUND_NOT_PENDING')
    await expect(requestRefund(f.deps, await stored(f, order._id), { amount: 100 })).resolves.toMatchObject({ status: 'REQUESTED' })
  })

  it('a request for more than is left, or of an unpaid order, is refused before anything is stored', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    expect((await rejection(requestRefund(f.deps, order, { amount: 9001 }))).code).toBe('REFUND_EXCEEDS_REMAINING')
    expect((await rejection(requestRefund(f.deps, order, { amount: 0 }))).code).toBe('PARAM_INVALID')
    const unpaid = await newOrder(f)
    expect((await rejection(requestRefund(f.deps, unpaid, {}))).code).toBe('ORDER_NOT_REFUNDABLE')
    expect((await refundsOf(f.deps.db).count()).total).toBe(0)
  })
})

describe('the refund policy', () => {
  it('approves at once within its conditions (unfulfilled, up to an amount), else leaves it for review', async () => {
    const f = payFixture()
    const policy = { autoApprove: { maxAmount: 2000 } }
    const order = await paidOrder(f)
    const small = await requestRefund(f.deps, order, { amount: 2000 }, policy)
    expect(small).toMatchObject({ status: 'PROCESSING', decidedBy: 'policy' })
    f.env.advance(REFUND_SPACING_MS + 1)
    const large = await requestRefund(f.deps, await stored(f, order._id), { amount: 2001 }, policy)
    expect(large.status).toBe('REQUESTED')

    // Fulfilled orders (the default delivery fulfiller ran) are not "unfulfilled".
    const other = await paidOrder(f)
    expect(other.fulfilment.status).toBe('done')
    const onlyUnfulfilled = await requestRefund(f.deps, other, { amount: 100 }, { autoApprove: { unfulfilledOnly: true } })
    expect(onlyUnfulfilled.status).toBe('REQUESTED')
  })
})

describe('partial refunds', () => {
  it('several refunds sum to the total, then any more is refused (REFUND_EXCEEDS_REMAINING) without calling WeChat Pay', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    for (const amount of [1000, 3000, 5000]) {
      const refund = await refundByMerchant(f.deps, await stored(f, order._id), { amount, reason: '部分退款' }, '店长')
      await settle(f, refund)
      f.env.advance(REFUND_SPACING_MS + 1)
    }
    const after = await stored(f, order._id)
    expect(after).toMatchObject({ status: 'REFUNDED', refunded: 9000, refundable: 0, refundCount: 3 })
    expect(transitions(after).filter((t) => t.startsWith('PAID>') || t.startsWith('PARTIALLY_REFUNDED>'))).toEqual([
      'PAID>PARTIALLY_REFUNDED:notify',
      'PARTIALLY_REFUNDED>REFUNDED:notify',
    ])
    const sent = f.gateway.count('createRefund')
    expect((await rejection(refundByMerchant(f.deps, after, { amount: 1 }, '店长'))).code).toBe('ORDER_NOT_REFUNDABLE')
    expect(f.gateway.count('createRefund')).toBe(sent)
  })

  it('concurrent approvals never refund more than was paid: the reservations that fit win, the rest are refused', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const attempts = await Promise.allSettled(Array.from({ length: 6 }, () => refundByMerchant(f.deps, order, { amount: 4000 }, '店长')))
    const won = attempts.filter((a) => a.status === 'fulfilled')
    expect(won).toHaveLength(2)
    for (const a of attempts) if (a.status === 'rejected') expect(a.reason).toMatchObject({ code: 'REFUND_EXCEEDS_REMAINING' })
    expect(await stored(f, order._id)).toMatchObject({ refundable: 1000, refundCount: 2 })
  })

  it('concurrent approvals of one request approve it once', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const request = await requestRefund(f.deps, order, { amount: 5000 })
    const results = await Promise.all(Array.from({ length: 5 }, () => approveRefund(f.deps, request._id, '店长')))
    expect(new Set(results.map((r) => r.outRefundNo))).toEqual(new Set([results[0].outRefundNo]))
    expect(await stored(f, order._id)).toMatchObject({ refundable: 4000, refundCount: 1 })
    expect(f.gateway.count('createRefund')).toBe(1)
  })
})

describe("WeChat Pay's refund limits, before calling it", () => {
  it('a second refund of one order inside a minute waits (APPROVED) and the timer sends it once the minute is over', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const first = await refundByMerchant(f.deps, order, { amount: 1000 }, '店长')
    const second = await refundByMerchant(f.deps, await stored(f, order._id), { amount: 1000 }, '店长')
    expect([first.status, second.status]).toEqual(['PROCESSING', 'APPROVED'])
    expect(f.gateway.count('createRefund')).toBe(1)
    f.env.advance(REFUND_SPACING_MS + 1)
    await reconcile(f.deps)
    expect((await refundOf(f, second._id)).status).toBe('PROCESSING')
    expect(f.gateway.count('createRefund')).toBe(2)
  })

  it(`at most ${MAX_REFUNDS_PER_ORDER} refunds per order: REFUND_LIMIT_REACHED`, async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    await f.deps.db.collection('wxkit-orders').doc(order._id).update({ refundCount: MAX_REFUNDS_PER_ORDER })
    expect((await rejection(refundByMerchant(f.deps, await stored(f, order._id), { amount: 100 }, '店长'))).code).toBe('REFUND_LIMIT_REACHED')
    expect(f.gateway.count('createRefund')).toBe(0)
  })

  it('a payment more than a year old cannot be refunded: REFUND_WINDOW_CLOSED', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    f.env.advance(REFUND_WINDOW_MS + 3600_000)
    expect((await rejection(requestRefund(f.deps, await stored(f, order._id), {}))).code).toBe('REFUND_WINDOW_CLOSED')
    expect((await rejection(refundByMerchant(f.deps, await stored(f, order._id), {}, '店长'))).code).toBe('REFUND_WINDOW_CLOSED')
  })
})

describe('failures and settlement', () => {
  it('a refund whose request got no answer is retried with the same out_refund_no', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    f.gateway.failures.createRefund = [wxpayError(500, 'SYSTEM_ERROR')]
    const refund = await refundByMerchant(f.deps, order, { amount: 2000 }, '店长')
    expect(refund).toMatchObject({ status: 'APPROVED', attempts: 1 })
    f.env.advance(REFUND_SPACING_MS + 1)
    const retried = await reconcileRefund(f.deps, await refundOf(f, refund._id))
    expect(retried.status).toBe('PROCESSING')
    const numbers = f.gateway.calls.filter((c) => c.method === 'createRefund').map((c) => (c.arg as { out_refund_no: string }).out_refund_no)
    expect(numbers).toEqual([refund.outRefundNo, refund.outRefundNo])
  })

  it('a refund WeChat Pay refuses ends REFUSED with its code, and its amount is refundable again', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    f.gateway.failures.createRefund = [wxpayError(403, 'NOT_ENOUGH')]
    const refund = await refundByMerchant(f.deps, order, { amount: 2000 }, '店长')
    expect(refund).toMatchObject({ status: 'REFUSED', wechatCode: 'NOT_ENOUGH' })
    expect(await stored(f, order._id)).toMatchObject({ refundable: 9000, refundCount: 0, status: 'PAID' })
  })

  it('CLOSED gives the amount back; ABNORMAL keeps it reserved for the merchant; a repeat report changes nothing', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const closed = await settle(f, await refundByMerchant(f.deps, order, { amount: 2000 }, '店长'), 'CLOSED')
    expect(closed.status).toBe('CLOSED')
    expect(await stored(f, order._id)).toMatchObject({ refundable: 9000, refunded: 0, status: 'PAID' })
    f.env.advance(REFUND_SPACING_MS + 1)
    const abnormal = await settle(f, await refundByMerchant(f.deps, await stored(f, order._id), { amount: 2000 }, '店长'), 'ABNORMAL')
    expect(abnormal.status).toBe('ABNORMAL')
    expect(await stored(f, order._id)).toMatchObject({ refundable: 7000, refunded: 0 })
    expect((await settle(f, abnormal, 'ABNORMAL')).status).toBe('ABNORMAL')
  })

  it('SUCCESS twice (notify then query) settles once', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const refund = await refundByMerchant(f.deps, order, {}, '店长')
    await settle(f, refund)
    await settle(f, refund)
    expect(await stored(f, order._id)).toMatchObject({ status: 'REFUNDED', refunded: 9000 })
  })

  it('a report of an unknown refund is a 404; one whose amounts differ a 400; a malformed one a 400', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const refund = await refundByMerchant(f.deps, order, { amount: 2000 }, '店长')
    const report = { out_refund_no: refund.outRefundNo!, out_trade_no: order.outTradeNo, status: 'SUCCESS' as const, amount: { refund: 2000, total: 9000 } }
    await expect(applyRefund(f.deps, { ...report, out_refund_no: 'R-unknown' }, 'notify')).rejects.toMatchObject({ status: 404 })
    const changed = await rejection(applyRefund(f.deps, { ...report, amount: { refund: 9000, total: 9000 } }, 'notify'))
    expect(changed).toBeInstanceOf(PaymentMatchError)
    expect(changed).toMatchObject({ status: 400, fields: ['amount.refund'] })
    expect(() => refundReportOf({ out_refund_no: 1 })).toThrow(PaymentMatchError)
    expect(await stored(f, order._id)).toMatchObject({ refunded: 0 })
  })

  it('the reconciler asks about a refund under way at most once a minute, and a refund WeChat Pay lost is sent again', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const refund = await refundByMerchant(f.deps, order, { amount: 2000 }, '店长')
    f.gateway.settleRefund(refund.outRefundNo!)
    f.env.advance(61_000)
    expect(await reconcile(f.deps)).toMatchObject({ refundsSettled: 1 })
    expect(await stored(f, order._id)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: 2000 })

    f.env.advance(REFUND_SPACING_MS + 1)
    const lost = await refundByMerchant(f.deps, await stored(f, order._id), { amount: 1000 }, '店长')
    f.gateway.refunds.delete(lost.outRefundNo!)
    f.env.advance(61_000)
    await reconcile(f.deps)
    expect(f.gateway.refunds.has(lost.outRefundNo!)).toBe(true)
  })
})
