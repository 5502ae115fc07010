import { describe, expect, it } from 'vitest'
import { staleAgainstUrl } from '../../../../../uni_modules/wxkit-login-pay/js_sdk/platform/h5-address-bar'

const detail = (orderId: string) => ({ route: 'uni_modules/wxkit-login-pay/pages/console/order/order', options: { orderId } })

describe('the page on screen against the address bar (H5)', () => {
  it('names the URL when the page shown is the URL’s route with another query (a hand-edited URL)', () => {
    const hash = '#/uni_modules/wxkit-login-pay/pages/console/order/order?orderId=B'
    expect(staleAgainstUrl(hash, detail('A'))).toBe('/uni_modules/wxkit-login-pay/pages/console/order/order?orderId=B')
    expect(staleAgainstUrl('#/src/pages/product/index?id=p-sticker', { route: 'src/pages/product/index', options: { id: 'p-mug' } })).toBe(
      '/src/pages/product/index?id=p-sticker',
    )
  })

  it('counts a parameter added or dropped, and compares decoded values', () => {
    expect(staleAgainstUrl('#/src/pages/checkout/index?id=p-mug&orderId=X', { route: 'src/pages/checkout/index', options: { id: 'p-mug' } })).toBe(
      '/src/pages/checkout/index?id=p-mug&orderId=X',
    )
    expect(staleAgainstUrl('#/src/pages/checkout/index?id=p-mug', { route: 'src/pages/checkout/index', options: { id: 'p-mug', orderId: 'X' } })).toBe(
      '/src/pages/checkout/index?id=p-mug',
    )
    expect(staleAgainstUrl('#/src/pages/orders/index?tab=%E9%80%80%E6%AC%BE', { route: 'src/pages/orders/index', options: { tab: '退款' } })).toBeUndefined()
  })

  it('leaves alone a page that agrees with the URL, whatever the parameters’ order, and another route (the router is moving there)', () => {
    expect(staleAgainstUrl('#/uni_modules/wxkit-login-pay/pages/console/order/order?orderId=A', detail('A'))).toBeUndefined()
    expect(staleAgainstUrl('#/src/pages/checkout/index?orderId=X&id=p-mug', { route: 'src/pages/checkout/index', options: { id: 'p-mug', orderId: 'X' } })).toBeUndefined()
    expect(staleAgainstUrl('#/src/pages/index/index', detail('A'))).toBeUndefined()
    expect(staleAgainstUrl('#/src/pages/mine/index', { route: 'src/pages/mine/index', options: {} })).toBeUndefined()
    expect(staleAgainstUrl('', undefined)).toBeUndefined()
  })
})
