'use strict'
// The demo shop's fulfilment hook: what the kit's pay object calls once an
// order is paid (config: "fulfilment": { "cloudObject": "shopFulfilment" }).
// It is the merchant's code, not the kit's: replace the body with whatever
// your shop does (issue a coupon, grant membership, create a shipment).
//
// The contract (uni_modules/wxkit-login-pay/readme.md, "Fulfilment"):
// - fulfil({ order }) is called server to server; refuse anything else.
// - It may be called again for the same order (a retried notify, a crash
//   before the kit recorded success): make it idempotent on order.orderId.
// - Answer { errCode: 0 } once delivered. Throw, or answer another errCode,
//   to be called again later (the next notify retry, then the kit's timer).
const DELIVERIES = 'shop-deliveries'

module.exports = {
  _before() {
    if (this.getClientInfo().source !== 'function') throw new Error('shopFulfilment is called by the kit only')
  },

  async fulfil({ order } = {}) {
    if (!order || typeof order.orderId !== 'string') return { errCode: 'PARAM_INVALID', errMsg: 'order missing' }
    const db = uniCloud.database()
    try {
      // The unique index on orderId makes a repeated call a no-op.
      await db.collection(DELIVERIES).add({
        orderId: order.orderId,
        userId: order.userId,
        items: order.items.map((item) => ({ productId: item.productId, quantity: item.quantity })),
        deliveredAt: Date.now(),
      })
    } catch (error) {
      const duplicate = error && (error.code === 11000 || /E11000|duplicate key/i.test(String(error.message)))
      if (!duplicate) throw error
    }
    return { errCode: 0 }
  },
}
