import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installUniStub } from '../../helpers/uni-stub'
import type { OrderView } from '../../../uni_modules/wxkit-login-pay/js_sdk/services/pay'

const JSAPI = { appId: 'wxapp', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=p1', signType: 'RSA' as const, paySign: 's' }
const CODE_URL = 'weixin://wxpay/bizpayurl?pr=abc'

const order = (status: OrderView['status']): OrderView => ({
  orderId: 'o1',
  outTradeNo: 'T1',
  description: '陶瓷马克杯',
  amount: 4500,
  status,
  items: [],
  createdAt: 0,
  channel: 'native',
  refunded: 0,
  refundable: status === 'PAID' ? 4500 : 0,
  refunds: [],
  fulfilled: false,
  ...(status === 'NOTPAY' ? { payableUntil: Date.now() + 15 * 60_000 } : {}),
})

let uni: Record<string, ReturnType<typeof vi.fn>>
let getOrder: ReturnType<typeof vi.fn>
let location: { origin: string; pathname: string; href: string }

beforeEach(() => {
  vi.resetModules()
  installUniStub()
  const stub = (globalThis as unknown as { uni: Record<string, unknown> }).uni
  // Unit tests see every platform branch; requestPayment's first is the mini program's uni.requestPayment.
  uni = { redirectTo: vi.fn(), showToast: vi.fn(), showModal: vi.fn(async () => ({ confirm: true })), requestPayment: vi.fn(async () => ({ errMsg: 'requestPayment:ok' })) }
  Object.assign(stub, uni)
  getOrder = vi.fn()
  vi.stubGlobal('uniCloud', { importObject: () => ({ getOrder }) })
  location = { origin: 'https://shop.example', pathname: '/', href: 'https://shop.example/#/src/pages/orders/index' }
  vi.stubGlobal('location', location)
})
afterEach(() => vi.unstubAllGlobals())

async function setup() {
  const { usePayHandOver } = await import('../../../src/composables/usePayHandOver')
  return usePayHandOver({ qrPage: (id) => `/qr-page?order=${id}`, plainPage: () => '/plain-page', qrGoneText: '二维码已失效' })
}

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('usePayHandOver', () => {
  it('JSAPI parameters: requestPayment, then the result page of the order', async () => {
    const handOver = await setup()
    const start = vi.fn(async () => ({ orderId: 'o1', amount: 4500, payment: JSAPI }))
    expect(await handOver.pay(start)).toEqual({ outcome: 'handed-over' })
    expect(uni.requestPayment).toHaveBeenCalledWith(expect.objectContaining({ package: 'prepay_id=p1', paySign: 's' }))
    // The channel of this platform (payChannel(); without conditional compilation, the mini program's branch).
    expect(start).toHaveBeenCalledWith('miniprogram')
    expect(uni.redirectTo).toHaveBeenCalledWith({ url: '/src/pages/pay-result/index?orderId=o1' })
    expect(handOver.busy.value).toBe(false)
  })

  it('the payment sheet closed: 已取消支付, the page stays', async () => {
    const handOver = await setup()
    uni.requestPayment.mockRejectedValue({ errMsg: 'requestPayment:fail cancel' })
    expect(await handOver.pay(async () => ({ orderId: 'o1', amount: 4500, payment: JSAPI }))).toEqual({ outcome: 'cancelled' })
    expect(uni.showToast).toHaveBeenCalledWith({ title: '已取消支付', icon: 'none' })
    expect(uni.redirectTo).not.toHaveBeenCalled()
  })

  it('an h5_url: to WeChat Pay’s cashier, which returns to the result page', async () => {
    const handOver = await setup()
    expect(await handOver.pay(async () => ({ orderId: 'o1', amount: 4500, payment: { h5Url: 'https://wx.tenpay.com/cashier?prepay_id=p1' } }))).toEqual({ outcome: 'handed-over' })
    const back = encodeURIComponent('https://shop.example/#/src/pages/pay-result/index?orderId=o1')
    expect(location.href).toBe(`https://wx.tenpay.com/cashier?prepay_id=p1&redirect_url=${back}`)
  })

  it('a code_url: the page with the order in its URL, which shows the QR code (and again after a reload)', async () => {
    const handOver = await setup()
    expect(await handOver.pay(async () => ({ orderId: 'o1', amount: 4500, payment: { codeUrl: CODE_URL } }))).toEqual({ outcome: 'handed-over' })
    expect(uni.redirectTo).toHaveBeenCalledWith({ url: '/qr-page?order=o1' })
  })

  it('paid already (payOrder): says so to the page, hands nothing over', async () => {
    const handOver = await setup()
    expect(await handOver.pay(async () => ({ orderId: 'o1', amount: 4500, paid: true as const }))).toEqual({ outcome: 'paid' })
    expect(uni.redirectTo).not.toHaveBeenCalled()
  })

  it.each([
    ['ORDER_EXPIRED', '订单已超时，请重新下单'],
    ['ORDER_NOT_PAYABLE', '订单已关闭或已支付'],
    ['PAY_CHANNEL_SWITCH_UNAVAILABLE', '暂时无法切换支付方式，请用原方式支付或稍后再试'],
  ])('%s: told in Chinese, and answered to the page', async (errCode, message) => {
    const handOver = await setup()
    const outcome = await handOver.pay(async () => {
      throw { errCode, errMsg: 'refused' }
    })
    expect(outcome).toEqual({ outcome: 'failed', errCode })
    expect(uni.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: message }))
    expect(handOver.busy.value).toBe(false)
  })

  it('one payment at a time: a second tap while the first is handed over is refused', async () => {
    const handOver = await setup()
    let answer: (value: { orderId: string; amount: number; payment: { codeUrl: string } }) => void = () => {}
    const first = handOver.pay(() => new Promise((r) => (answer = r)))
    expect(handOver.busy.value).toBe(true)
    const start = vi.fn()
    expect(await handOver.pay(start)).toEqual({ outcome: 'busy' })
    expect(start).not.toHaveBeenCalled()
    answer({ orderId: 'o1', amount: 4500, payment: { codeUrl: CODE_URL } })
    await first
  })

  it('resume after a reload: the QR code again, followed until paid, then the result page', async () => {
    const handOver = await setup()
    getOrder.mockResolvedValueOnce({ order: order('NOTPAY'), codeUrl: CODE_URL }).mockResolvedValue({ order: order('PAID') })
    expect(await handOver.resume('o1')).toBe(true)
    expect(handOver.qr.value).toMatchObject({ orderId: 'o1', codeUrl: CODE_URL, amount: 4500 })
    await vi.waitFor(() => expect(uni.redirectTo).toHaveBeenCalledWith({ url: '/src/pages/pay-result/index?orderId=o1' }))
    expect(handOver.qr.value).toBeUndefined()
  })

  it('resume of an order no longer unpaid: its result page', async () => {
    const handOver = await setup()
    getOrder.mockResolvedValue({ order: order('CLOSED') })
    expect(await handOver.resume('o1')).toBe(true)
    expect(uni.redirectTo).toHaveBeenCalledWith({ url: '/src/pages/pay-result/index?orderId=o1' })
  })

  it('resume of an unpaid order whose QR code is gone: false, and the page’s words for it', async () => {
    const handOver = await setup()
    getOrder.mockResolvedValue({ order: order('NOTPAY') })
    expect(await handOver.resume('o1')).toBe(false)
    expect(handOver.qr.value).toBeUndefined()
    expect(uni.showModal.mock.calls.length + uni.showToast.mock.calls.length).toBe(1)
    expect(JSON.stringify([...uni.showModal.mock.calls, ...uni.showToast.mock.calls])).toContain('二维码已失效')
  })

  // Regression: a checkout left under 我的订单 with its QR code up redirected 我的订单 to the result page once the order was paid there.
  it('stopped while its page is hidden: no redirect when the order gets paid meanwhile; shown again, it follows the order again', async () => {
    const handOver = await setup()
    let release: (value: unknown) => void = () => {}
    getOrder
      .mockResolvedValueOnce({ order: order('NOTPAY'), codeUrl: CODE_URL })
      .mockImplementationOnce(() => new Promise((r) => (release = r)))
      .mockResolvedValue({ order: order('PAID') })
    await handOver.resume('o1')
    await vi.waitFor(() => expect(getOrder).toHaveBeenCalledTimes(2))
    handOver.stop()
    release({ order: order('PAID') })
    await flush()
    expect(uni.redirectTo).not.toHaveBeenCalled()
    expect(handOver.qr.value).toMatchObject({ orderId: 'o1' })

    expect(await handOver.resume('o1')).toBe(true)
    await vi.waitFor(() => expect(uni.redirectTo).toHaveBeenCalledWith({ url: '/src/pages/pay-result/index?orderId=o1' }))
  })

  it('取消 on the QR code: the page without it, nothing followed', async () => {
    const handOver = await setup()
    getOrder.mockResolvedValueOnce({ order: order('NOTPAY'), codeUrl: CODE_URL }).mockResolvedValue({ order: order('PAID') })
    await handOver.resume('o1')
    handOver.closeQr()
    expect(handOver.qr.value).toBeUndefined()
    expect(uni.redirectTo).toHaveBeenCalledWith({ url: '/plain-page' })
    await flush()
    expect(uni.redirectTo).toHaveBeenCalledTimes(1)
  })
})
