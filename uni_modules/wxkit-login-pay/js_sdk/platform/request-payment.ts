/**
 * Hands a created order's payment to WeChat, per platform. The one place that
 * branches on platform for paying:
 *   mini program          → uni.requestPayment (JSAPI parameters, signType RSA)
 *   WeChat browser (H5)   → WeixinJSBridge getBrandWCPayRequest (same parameters)
 *   mobile browser (H5)   → redirect to WeChat Pay's h5_url
 *   desktop browser (H5)  → the page shows a QR code for code_url (Native)
 * The channel follows the browser only. In H5 development the emulator can also
 * play the phone for a mini-program payment (`requestPayment` below), but only
 * when the page asks for the 'miniprogram' channel through a visible switch —
 * never silently in place of a browser's own channel.
 */
import type { RequestPaymentParams } from '../cloud-api'
import { browserKind, type BrowserKind } from './browser'
import { emulatorControl, emulatorUrl, devUser } from './dev-emulator'

/** Parameters for requestPayment / getBrandWCPayRequest, signed by the server (type shared with the cloud side). */
export type { RequestPaymentParams }

/** Order channels the pay object understands. */
export type PayChannel = 'miniprogram' | 'jsapi' | 'h5' | 'native'

/** How WeChat answered the hand-over; the order's real state always comes from the server. */
export type PaymentOutcome = 'submitted' | 'cancelled' | 'redirected' | 'qr'

/** The documented channel of each kind of browser: JSAPI in WeChat, H5 (h5_url cashier) on a phone, Native (QR code) on a desktop. */
export function browserPayChannel(kind: BrowserKind): PayChannel {
  if (kind === 'wechat') return 'jsapi'
  return kind === 'mobile' ? 'h5' : 'native'
}

/** The channel for this platform: the mini program's own, or the browser's (`browserPayChannel`). */
export function payChannel(): PayChannel {
  // #ifdef MP-WEIXIN
  return 'miniprogram'
  // #endif
  // #ifndef MP-WEIXIN
  return browserPayChannel(browserKind(navigator.userAgent))
  // #endif
}

interface BridgeWindow {
  WeixinJSBridge?: { invoke(api: string, params: object, cb: (res: { err_msg: string }) => void): void }
}

function isCancel(error: unknown): boolean {
  return /cancel/i.test(String((error as { errMsg?: string })?.errMsg ?? error))
}

/** Ask WeChat to pay with JSAPI parameters (mini program, WeChat browser, or the emulator in development). */
export async function requestPayment(params: RequestPaymentParams): Promise<PaymentOutcome> {
  // #ifdef MP-WEIXIN
  try {
    await uni.requestPayment({ provider: 'wxpay', orderInfo: '', ...params })
    return 'submitted'
  } catch (error) {
    if (isCancel(error)) return 'cancelled'
    throw error
  }
  // #endif
  // #ifndef MP-WEIXIN
  const bridge = (window as BridgeWindow).WeixinJSBridge
  if (bridge) {
    const res = await new Promise<{ err_msg: string }>((resolve) => bridge!.invoke('getBrandWCPayRequest', params, resolve))
    if (res.err_msg === 'get_brand_wcpay_request:ok') return 'submitted'
    if (res.err_msg === 'get_brand_wcpay_request:cancel') return 'cancelled'
    throw Object.assign(new Error('payment failed'), { errCode: 'PAYMENT_FAILED', errMsg: res.err_msg })
  }
  if (emulatorUrl()) {
    // The emulator checks paySign exactly as the phone would before paying.
    await emulatorControl('wxpay/pay', { ...params, user: devUser() })
    return 'submitted'
  }
  throw Object.assign(new Error('no WeChat Pay here'), { errCode: 'PAYMENT_UNAVAILABLE', errMsg: 'open in WeChat to pay' })
  // #endif
}

/** Leave for WeChat Pay's H5 cashier; it returns to `returnUrl` when done. */
export function redirectToH5Pay(h5Url: string, returnUrl: string): PaymentOutcome {
  location.href = `${h5Url}${h5Url.includes('?') ? '&' : '?'}redirect_url=${encodeURIComponent(returnUrl)}`
  return 'redirected'
}
