/**
 * WeChat Pay's verifying keys: the public key (PUB_KEY_ID_…), platform
 * certificates (downloaded on demand), and a migration where notifies come
 * signed by either. The same config and code handle all three; the notify,
 * not a query, must be what marks each order PAID.
 */
import { describe, expect, it } from 'vitest'
import { control, flushNotifies, loginMp, notifyLog, pay, payWithRequestPayment, startPayStack, storedOrder } from '../../helpers/pay'

describe.each([
  ['publicKey', ['publicKey', 'publicKey']],
  ['certificate', ['certificate', 'certificate']],
  ['mixed', ['publicKey', 'certificate']],
] as const)('%s mode', (mode, expectedKinds) => {
  it('orders are placed, answers verified, and notifies applied', async () => {
    const s = await startPayStack({ payKeyMode: mode })
    try {
      const token = await loginMp(s, 'alice')
      const orders = []
      for (let i = 0; i < 2; i++) {
        const created = await pay(s, token, 'createOrder', { items: [{ productId: 'p-sticker', quantity: 1 }] })
        await payWithRequestPayment(s, created.payment, 'alice')
        await flushNotifies(s)
        orders.push(await storedOrder(s, created.orderId))
      }
      const kinds = []
      for (const order of orders) {
        expect(order.status).toBe('PAID')
        expect(order.history.map((h) => h.by)).toEqual(['notify'])
        const deliveries = await notifyLog(s, order.outTradeNo)
        expect(deliveries.map((d) => d.status)).toEqual([204])
        kinds.push(deliveries[0].signedWith)
      }
      expect(kinds).toEqual(expectedKinds)
      const certificateDownloads = (await control<Array<{ kind: string; endpoint?: string }>>(s, 'GET', '/log')).filter(
        (e) => e.kind === 'call' && e.endpoint === 'GET /v3/certificates',
      )
      // Certificates are fetched only when a serial is not known yet, and then once.
      expect(certificateDownloads).toHaveLength(mode === 'publicKey' ? 0 : 1)
    } finally {
      await s.close()
    }
  })
})
