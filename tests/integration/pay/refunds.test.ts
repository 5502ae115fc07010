/**
 * Refunds under the merchant's control, end to end through the built pay and
 * payAdmin bundles, the local runtime and the WeChat emulator: a buyer's
 * request, review or automatic approval, partial refunds to the total, the
 * limits WeChat Pay documents, failures retried with the same out_refund_no,
 * and settlement by notify or by the timer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DEV_OPERATOR } from '../../../emulators/start'
import {
  armFault,
  callObject,
  control,
  flushNotifies,
  loginMp,
  pay,
  payWithRequestPayment,
  sendCraftedNotify,
  startPayStack,
  storedOrder,
  type Answer,
  type OrderView,
  type PayStack,
} from '../../helpers/pay'

let s: PayStack
let alice: string
let operator: string

beforeAll(async () => {
  s = await startPayStack({ timeFactor: 0.01 })
  alice = await loginMp(s, 'refund-alice')
  operator = await loginMp(s, DEV_OPERATOR)
})
afterAll(() => s?.close())
beforeEach(async () => {
  await control(s, 'DELETE', '/faults')
  // Each test's refunds are spaced by the kit itself; the emulator's own clock need not wait a minute.
  await control(s, 'PUT', '/wxpay/rules', { refundMinIntervalSeconds: 0 })
})

/** A paid order of `quantity` mugs (4500 fen each). */
async function paidOrder(quantity = 2): Promise<OrderView> {
  const created = await pay(s, alice, 'createOrder', { items: [{ productId: 'p-mug', quantity }] })
  await payWithRequestPayment(s, created.payment, 'refund-alice')
  await flushNotifies(s)
  return (await pay<{ order: OrderView }>(s, alice, 'getOrder', { orderId: created.orderId })).order
}

function admin(method: string, input: unknown): Promise<Answer> {
  return callObject(s, 'payAdmin', method, [input], { token: operator })
}

/** Let the kit send the next refund of an order at once (it waits a minute between two, as WeChat Pay asks). */
async function skipSpacing(orderId: string): Promise<void> {
  await s.db.collection('wxkit-orders').doc(orderId).update({ lastRefundSubmittedAt: 0 })
}

/** Deliver refund notifies until the order settles. */
async function settleRefunds(): Promise<void> {
  await flushNotifies(s)
  await flushNotifies(s)
}

describe('a buyer asks, the merchant reviews', () => {
  it('a request waits for review, the merchant approves it, WeChat Pay refunds it: 部分退款 for part of the order', async () => {
    const order = await paidOrder()
    const asked = await pay<{ order: OrderView; refund: { refundId: string; status: string } }>(s, alice, 'requestRefund', { orderId: order.orderId, amount: 3000, reason: '少发了一件' })
    expect(asked.refund).toMatchObject({ status: 'REQUESTED', amount: 3000, reason: '少发了一件' })
    expect(asked.order).toMatchObject({ status: 'PAID', refundable: 9000, refunds: [{ status: 'REQUESTED', amount: 3000 }] })
    expect((await control<unknown[]>(s, 'GET', '/wxpay/refunds')).length).toBe(0)

    const queue = await admin('listRefundRequests', {})
    expect(queue.refunds.map((r: { refundId: string }) => r.refundId)).toContain(asked.refund.refundId)
    const approved = await admin('approveRefund', { refundId: asked.refund.refundId })
    expect(approved).toMatchObject({ errCode: 0, refund: { status: 'PROCESSING', decidedBy: '演示店长', outRefundNo: expect.any(String) } })
    await settleRefunds()
    const after = (await pay<{ order: OrderView }>(s, alice, 'getOrder', { orderId: order.orderId })).order
    expect(after).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: 3000, refundable: 6000, refunds: [{ status: 'SUCCESS', amount: 3000 }] })
  })

  it('the merchant rejects with a reason the buyer sees', async () => {
    const order = await paidOrder(1)
    const asked = await pay<{ refund: { refundId: string } }>(s, alice, 'requestRefund', { orderId: order.orderId, reason: '不想要了' })
    const rejected = await admin('rejectRefund', { refundId: asked.refund.refundId, reason: '商品已发出，请收货后申请' })
    expect(rejected.refund).toMatchObject({ status: 'REJECTED', rejectReason: '商品已发出，请收货后申请' })
    const seen = (await pay<{ order: OrderView }>(s, alice, 'getOrder', { orderId: order.orderId })).order
    expect(seen).toMatchObject({ status: 'PAID', refunds: [{ status: 'REJECTED', rejectReason: '商品已发出，请收货后申请' }] })
    expect((await admin('rejectRefund', { refundId: asked.refund.refundId, reason: '' })).errCode).toBe('PARAM_INVALID')
  })

  it('a buyer cannot approve: payAdmin answers MERCHANT_ONLY and nothing is refunded', async () => {
    const order = await paidOrder(1)
    const asked = await pay<{ refund: { refundId: string } }>(s, alice, 'requestRefund', { orderId: order.orderId, reason: 'x' })
    expect((await callObject(s, 'payAdmin', 'approveRefund', [{ refundId: asked.refund.refundId }], { token: alice })).errCode).toBe('MERCHANT_ONLY')
    expect((await storedOrder(s, order.orderId)).refundable).toBe(4500)
  })
})

describe('the refund policy (config refundPolicy)', () => {
  it('auto-approves what its conditions allow; the rest waits for review', async () => {
    const policyStack = await startPayStack({ appConfig: { refundPolicy: { autoApprove: { maxAmount: 1000 } } } })
    try {
      const buyer = await loginMp(policyStack, 'policy-buyer')
      const created = await pay(policyStack, buyer, 'createOrder', { items: [{ productId: 'p-mug', quantity: 1 }] })
      await payWithRequestPayment(policyStack, created.payment, 'policy-buyer')
      await flushNotifies(policyStack)
      const small = await pay<{ refund: { status: string; refundId: string } }>(policyStack, buyer, 'requestRefund', { orderId: created.orderId, amount: 1000, reason: '差价' })
      expect(small.refund.status).toBe('PROCESSING')
      await flushNotifies(policyStack)
      await flushNotifies(policyStack)
      const large = await pay<{ refund: { status: string } }>(policyStack, buyer, 'requestRefund', { orderId: created.orderId, amount: 1001, reason: '多退一点' })
      expect(large.refund.status).toBe('REQUESTED')
    } finally {
      await policyStack.close()
    }
  })
})

describe('partial refunds by the merchant', () => {
  it('several refunds sum to the total (REFUNDED); any more is refused before WeChat Pay is called', async () => {
    const order = await paidOrder()
    for (const amount of [1000, 2000, 6000]) {
      const answer = await admin('refundOrder', { orderId: order.orderId, amount, reason: '部分退款' })
      expect(answer.errCode).toBe(0)
      await settleRefunds()
      await skipSpacing(order.orderId)
    }
    const stored = await storedOrder(s, order.orderId)
    expect(stored).toMatchObject({ status: 'REFUNDED', refunded: 9000, refundable: 0, refundCount: 3 })
    const atWechat = (await control<Array<{ outTradeNo: string; status: string }>>(s, 'GET', '/wxpay/refunds')).filter((r) => r.outTradeNo === stored.outTradeNo)
    expect(atWechat.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS'])
    const refused = await admin('refundOrder', { orderId: order.orderId, amount: 1 })
    expect(refused.errCode).toBe('ORDER_NOT_REFUNDABLE')
    expect((await control<unknown[]>(s, 'GET', '/wxpay/refunds')).filter((r) => (r as { outTradeNo: string }).outTradeNo === stored.outTradeNo)).toHaveLength(3)
  })

  it('concurrent approvals never refund more than was paid', async () => {
    const order = await paidOrder()
    const answers = await Promise.all(Array.from({ length: 5 }, () => admin('refundOrder', { orderId: order.orderId, amount: 4000 })))
    expect(answers.filter((a) => a.errCode === 0)).toHaveLength(2)
    expect(answers.filter((a) => a.errCode === 'REFUND_EXCEEDS_REMAINING')).toHaveLength(3)
    expect(await storedOrder(s, order.orderId)).toMatchObject({ refundable: 1000, refundCount: 2 })
  })

  it('a refund WeChat Pay did not answer is sent again by the timer with the same out_refund_no', async () => {
    const order = await paidOrder(1)
    // The refund is taken at WeChat Pay, but the answer is a 500 (and its notify is lost): the kit cannot know.
    await armFault(s, { endpoint: 'POST /v3/refund/domestic/refunds', wxpay: 'SYSTEM_ERROR', status: 500, applied: true, times: 10 })
    await armFault(s, { notify: 'drop', times: 16 })
    const answer = await admin('refundOrder', { orderId: order.orderId, amount: 1500, reason: '补差价' })
    expect(answer.refund).toMatchObject({ status: 'APPROVED' })
    await control(s, 'DELETE', '/faults')
    await s.db.collection('wxkit-refunds').doc(answer.refund.refundId).update({ updatedAt: 0, submittedAt: 0 })
    await s.stack.runtime.runTimer('pay')
    const refunds = (await control<Array<{ outTradeNo: string; outRefundNo: string; status: string }>>(s, 'GET', '/wxpay/refunds')).filter((r) => r.outRefundNo === answer.refund.outRefundNo)
    expect(refunds).toEqual([expect.objectContaining({ status: 'SUCCESS' })])
    expect(await storedOrder(s, order.orderId)).toMatchObject({ status: 'PARTIALLY_REFUNDED', refunded: 1500 })
  })
})

describe("WeChat Pay's documented limits, before calling it", () => {
  it('50 refunds per order', async () => {
    const order = await paidOrder(1)
    await s.db.collection('wxkit-orders').doc(order.orderId).update({ refundCount: 50 })
    expect((await admin('refundOrder', { orderId: order.orderId, amount: 100 })).errCode).toBe('REFUND_LIMIT_REACHED')
    expect((await pay(s, alice, 'getOrder', { orderId: order.orderId })).errCode).toBe(0)
  })

  it('within a year of payment', async () => {
    const order = await paidOrder(1)
    await s.db.collection('wxkit-orders').doc(order.orderId).update({ paidAt: Date.now() - 366 * 86400_000 })
    expect((await callObject(s, 'pay', 'requestRefund', [{ orderId: order.orderId }], { token: alice })).errCode).toBe('REFUND_WINDOW_CLOSED')
  })

  it('a minute between two refunds of one order: the second waits and the timer sends it', async () => {
    const order = await paidOrder()
    const first = await admin('refundOrder', { orderId: order.orderId, amount: 1000 })
    const second = await admin('refundOrder', { orderId: order.orderId, amount: 1000 })
    expect([first.refund.status, second.refund.status]).toEqual(['PROCESSING', 'APPROVED'])
    await skipSpacing(order.orderId)
    await s.db.collection('wxkit-refunds').doc(second.refund.refundId).update({ updatedAt: 0 })
    await s.stack.runtime.runTimer('pay')
    expect((await admin('getRefund', { refundId: second.refund.refundId })).refund.status).toMatch(/PROCESSING|SUCCESS/)
  })
})

describe('settlement', () => {
  it('ABNORMAL is kept for the merchant; CLOSED gives the amount back', async () => {
    const order = await paidOrder()
    await armFault(s, { refund: 'ABNORMAL' })
    const abnormal = await admin('refundOrder', { orderId: order.orderId, amount: 1000 })
    await settleRefunds()
    expect((await admin('getRefund', { refundId: abnormal.refund.refundId })).refund.status).toBe('ABNORMAL')
    await skipSpacing(order.orderId)
    await armFault(s, { refund: 'CLOSED' })
    const closed = await admin('refundOrder', { orderId: order.orderId, amount: 2000 })
    await settleRefunds()
    expect((await admin('getRefund', { refundId: closed.refund.refundId })).refund.status).toBe('CLOSED')
    expect(await storedOrder(s, order.orderId)).toMatchObject({ refundable: 8000, refunded: 0, status: 'PAID' })
  })

  it('a forged refund notify changes nothing; a lost one is made up for by the timer', async () => {
    const order = await paidOrder(1)
    await armFault(s, { notify: 'drop', times: 16 })
    const answer = await admin('refundOrder', { orderId: order.orderId, reason: 'x' })
    const stored = await storedOrder(s, order.orderId)
    const resource = {
      mchid: stored.mchid,
      out_trade_no: stored.outTradeNo,
      transaction_id: stored.transactionId,
      out_refund_no: answer.refund.outRefundNo,
      refund_id: '50000000000000000000000000001',
      refund_status: 'SUCCESS',
      success_time: '2025-01-01T12:00:00+08:00',
      user_received_account: '支付用户零钱',
      amount: { total: stored.amount, refund: stored.amount + 1, payer_total: stored.amount, payer_refund: stored.amount + 1 },
    }
    expect((await sendCraftedNotify(s, { resource, path: '/pay/refundNotify', eventType: 'REFUND.SUCCESS', originalType: 'refund' })).status).toBe(400)
    expect((await sendCraftedNotify(s, { resource, path: '/pay/notify', eventType: 'REFUND.SUCCESS', originalType: 'refund' })).status).toBe(400)
    await settleRefunds()
    expect((await storedOrder(s, order.orderId)).status).toBe('PAID')
    await s.db.collection('wxkit-refunds').doc(answer.refund.refundId).update({ lastQueriedAt: 0 })
    const summary = (await s.stack.runtime.runTimer('pay')) as { refundsSettled: number }
    expect(summary.refundsSettled).toBe(1)
    const after = await storedOrder(s, order.orderId)
    expect(after.status).toBe('REFUNDED')
    expect(after.history.at(-1)).toMatchObject({ from: 'PAID', to: 'REFUNDED', by: 'timing' })
  })
})
