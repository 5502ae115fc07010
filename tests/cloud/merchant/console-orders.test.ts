import { describe, expect, it } from 'vitest'
import { actionsOf, searchKindsFor } from '../../../cloud/merchant/console-orders'
import { seedDocuments } from '../../helpers/seed-orders'

const NOW = Date.UTC(2025, 5, 1, 4)

describe('console-orders: search keys', () => {
  it.each([
    ['a'.repeat(24), ['orderId', 'userId', 'nickname']],
    ['20250101120000ABCDEFGHJK', ['outTradeNo', 'transactionId', 'nickname']],
    ['4200001234202501011234567890', ['outTradeNo', 'transactionId', 'nickname']],
    ['alice', ['nickname']],
    ['咖啡', ['nickname']],
    ['A'.repeat(24), ['outTradeNo', 'transactionId', 'nickname']],
  ])('tries %j as %j', (q, kinds) => {
    expect(searchKindsFor(q)).toEqual(kinds)
  })
})

describe('console-orders: what the merchant may do', () => {
  const [order] = seedDocuments({ count: 2, newest: NOW - 3600_000 }).orders.filter((o) => o.status === 'PAID')
  const paid = { ...order, channel: 'miniprogram' as const }

  it('refunds a paid order with something left, within the year and under 50 refunds', () => {
    expect(actionsOf(paid, NOW).refund).toBe(true)
    expect(actionsOf({ ...paid, refundable: 0 }, NOW).refund).toBe(false)
    expect(actionsOf({ ...paid, refundCount: 50 }, NOW).refund).toBe(false)
    expect(actionsOf(paid, paid.paidAt! + 366 * 86400_000).refund).toBe(false)
    expect(actionsOf({ ...paid, status: 'NOTPAY' }, NOW)).toMatchObject({ refund: false, close: true })
  })

  it('runs a pending fulfilment again only when nobody holds it', () => {
    const pending = { ...paid, fulfilment: { status: 'pending' as const, attempts: 1, leaseUntil: NOW - 1 } }
    expect(actionsOf(pending, NOW).retryFulfilment).toBe(true)
    expect(actionsOf({ ...pending, fulfilment: { ...pending.fulfilment, leaseUntil: NOW + 1000 } }, NOW).retryFulfilment).toBe(false)
  })

  it('ships a fulfilled mini-program order until it is completed, refunded, or its one correction is used', () => {
    const upload = { state: 'uploaded' as const, attempts: 1, nextAttemptAt: 0, leaseUntil: 0, corrections: 0, uploadedAt: NOW - 1000 }
    const shipped = { ...paid, shipping: { status: 'shipped' as const, kind: 'express' as const, upload, rev: 1, updatedAt: NOW } }
    expect(actionsOf(shipped, NOW).enterShipment).toBe(true)
    expect(actionsOf({ ...shipped, shipping: { ...shipped.shipping, upload: { ...upload, corrections: 1 } } }, NOW).enterShipment).toBe(false)
    expect(actionsOf({ ...shipped, shipping: { ...shipped.shipping, status: 'completed' as const } }, NOW).enterShipment).toBe(false)
    expect(actionsOf({ ...shipped, status: 'REFUNDED' }, NOW).enterShipment).toBe(false)
    expect(actionsOf({ ...paid, channel: 'native' }, NOW).enterShipment).toBe(false)
    const failed = { ...shipped, shipping: { ...shipped.shipping, upload: { ...upload, state: 'failed' as const } } }
    expect(actionsOf(failed, NOW).retryShipping).toBe(true)
    expect(actionsOf({ ...failed, shipping: { ...failed.shipping, upload: { ...failed.shipping.upload, leaseUntil: NOW + 1 } } }, NOW).retryShipping).toBe(false)
  })
})
