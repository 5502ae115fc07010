/** The fulfilment outbox: run until done, once, under a lease. */
import { describe, expect, it } from 'vitest'
import { DELIVERIES, FULFILMENT_LEASE_MS, FulfilmentHookError, createCloudObjectFulfiller, createDeliveryFulfiller, runFulfilment } from '../../../cloud/pay/fulfilment'
import { errorLabel } from '../../../cloud/shared/error-label'
import { transition } from '../../../cloud/pay/order-transitions'
import type { OrderRecord } from '../../../cloud/pay/orders'
import { countingFulfiller, newOrder, payFixture, stored, type PayFixture } from './support'
import { rejection, requestsOf } from '../support'

/** An order marked PAID with its outbox entry pending, as a payment leaves it. */
async function paidOrder(f: PayFixture): Promise<OrderRecord> {
  const order = await newOrder(f)
  const { order: paid } = await transition(f.deps, {
    orderId: order._id,
    from: 'NOTPAY',
    to: 'PAID',
    by: 'notify',
    set: { fulfilment: { status: 'pending', attempts: 0, leaseUntil: 0 } },
  })
  return paid
}

describe('runFulfilment', () => {
  it('runs a pending fulfilment and marks it done; afterwards it is a no-op', async () => {
    const fulfiller = countingFulfiller()
    const f = payFixture(fulfiller)
    const order = await paidOrder(f)
    const done = await runFulfilment(f.deps, order._id)
    expect(done.fulfilment).toMatchObject({ status: 'done', attempts: 1, leaseUntil: 0, doneAt: f.env.now() })
    await runFulfilment(f.deps, order._id)
    expect(fulfiller.runs).toEqual([order._id])
  })

  // Fulfilment re-read the order after claiming it and after marking it done.
  it('claims and marks done with updates that answer the order: nothing is read again', async () => {
    const fulfiller = countingFulfiller()
    const f = payFixture(fulfiller)
    const order = await paidOrder(f)
    let done: OrderRecord | undefined
    expect(await requestsOf(f.deps.db, async () => (done = await runFulfilment(f.deps, order)))).toEqual(['updateAndReturn wxkit-orders', 'updateAndReturn wxkit-orders'])
    expect(done).toEqual(await stored(f, order._id))
    expect(done?.fulfilment).toMatchObject({ status: 'done', attempts: 1 })
    // Given only its id, it reads the order once first; a done order needs nothing more.
    expect(await requestsOf(f.deps.db, () => runFulfilment(f.deps, order._id))).toEqual(['get wxkit-orders'])
  })

  it('does nothing for an order that was never paid', async () => {
    const fulfiller = countingFulfiller()
    const f = payFixture(fulfiller)
    const order = await newOrder(f)
    expect((await runFulfilment(f.deps, order._id)).fulfilment.status).toBe('none')
    expect(fulfiller.runs).toEqual([])
  })

  it('10 concurrent runners: the fulfiller runs once and every runner returns the done order', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const fulfiller = countingFulfiller({ delay: () => gate })
    const f = payFixture(fulfiller)
    const order = await paidOrder(f)
    const runners = Array.from({ length: 10 }, () => runFulfilment(f.deps, order._id, { waitMs: 30_000 }))
    // Let every other runner find the lease taken and wait on it, then finish.
    while (f.env.sleeps.length < 9) await new Promise((resolve) => setImmediate(resolve))
    release()
    const results = await Promise.all(runners)
    expect(fulfiller.runs).toHaveLength(1)
    expect(results.every((r) => r.fulfilment.status === 'done')).toBe(true)
  })

  it('a failure releases the lease at once and logs no message text; the next run retries', async () => {
    const fulfiller = countingFulfiller({ failures: 2 })
    const f = payFixture(fulfiller)
    const order = await paidOrder(f)
    for (let i = 1; i <= 2; i++) {
      const failure = await rejection(runFulfilment(f.deps, order._id))
      expect(failure).toMatchObject({ name: 'FulfilmentError', code: 'FULFILMENT_FAILED' })
      expect((await stored(f, order._id)).fulfilment).toMatchObject({ status: 'pending', attempts: i, leaseUntil: 0, lastError: 'WarehouseError(E_DOWN)' })
    }
    expect((await runFulfilment(f.deps, order._id)).fulfilment).toMatchObject({ status: 'done', attempts: 3 })
    expect(fulfiller.runs).toHaveLength(3)
    expect(f.log.lines.join('\n')).not.toContain('SECRET')
  })

  it('waits for a live runner, then gives up as FULFILMENT_BUSY; a dead runner’s lease is taken over', async () => {
    const fulfiller = countingFulfiller()
    const f = payFixture(fulfiller)
    const order = await paidOrder(f)
    // A runner claimed it and died (no release).
    await f.deps.db.collection('wxkit-orders').doc(order._id).update({ fulfilment: { leaseUntil: f.env.now() + FULFILMENT_LEASE_MS, leaseOwner: 'dead', attempts: 1 } })
    expect(await rejection(runFulfilment(f.deps, order._id, { waitMs: 1_000 }))).toMatchObject({ code: 'FULFILMENT_BUSY' })
    expect(fulfiller.runs).toEqual([])
    f.env.advance(FULFILMENT_LEASE_MS)
    expect((await runFulfilment(f.deps, order._id)).fulfilment).toMatchObject({ status: 'done', attempts: 2 })
  })
})

describe('the delivery fulfiller', () => {
  it('records one delivery per order however often it runs', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const fulfiller = createDeliveryFulfiller(f.deps)
    await Promise.all([fulfiller.fulfil(order), fulfiller.fulfil(order)])
    await fulfiller.fulfil(order)
    const { data } = await f.deps.db.collection(DELIVERIES).where({ orderId: order._id }).get()
    expect(data).toMatchObject([{ orderId: order._id, userId: 'user-1', amount: 4500, items: order.items }])
  })
})

describe('errorLabel', () => {
  it.each([
    [Object.assign(new Error('secret body'), { code: 'E1' }), 'Error(E1)'],
    [new TypeError('secret'), 'TypeError'],
    ['a string with a secret', 'string'],
    [null, 'object'],
  ])('labels %s without its message', (error, label) => {
    expect(errorLabel(error)).toBe(label)
  })
})

describe('createCloudObjectFulfiller (the merchant hook)', () => {
  function hook(answers: unknown[]) {
    const calls: unknown[] = []
    const fulfiller = createCloudObjectFulfiller({
      cloudObject: 'shopFulfilment',
      method: 'fulfil',
      importObject: (name) => ({
        fulfil: async (input: unknown) => {
          calls.push({ name, input })
          const next = answers.shift()
          if (next instanceof Error) throw next
          return next
        },
      }),
    })
    return { fulfiller, calls }
  }

  it('passes the order as the hook sees it (no bookkeeping) and accepts errCode 0', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const { fulfiller, calls } = hook([{ errCode: 0 }])
    await fulfiller.fulfil(order)
    expect(calls).toEqual([
      {
        name: 'shopFulfilment',
        input: { order: { orderId: order._id, outTradeNo: order.outTradeNo, userId: order.userId, channel: order.channel, items: order.items, amount: order.amount } },
      },
    ])
  })

  it('treats a non-zero errCode or a throw as "not yet", so the outbox retries it', async () => {
    const f = payFixture()
    const order = await paidOrder(f)
    const { fulfiller } = hook([{ errCode: 'OUT_OF_STOCK', errMsg: 'later' }, new Error('network'), { errCode: 0 }])
    await expect(fulfiller.fulfil(order)).rejects.toBeInstanceOf(FulfilmentHookError)
    await expect(fulfiller.fulfil(order)).rejects.toThrow('network')
    await expect(fulfiller.fulfil(order)).resolves.toBeUndefined()
  })
})
