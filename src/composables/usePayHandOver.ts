import { ref } from 'vue'
import { payService } from '../../uni_modules/wxkit-login-pay/js_sdk/services/pay'
import { isCloudCallError } from '../../uni_modules/wxkit-login-pay/js_sdk/services/cloud'
import { userMessage } from '../../uni_modules/wxkit-login-pay/js_sdk/services/errors'
import { requestPayment, redirectToH5Pay, type PayChannel } from '../../uni_modules/wxkit-login-pay/js_sdk/platform/request-payment'
import { usePollOrder } from '../../uni_modules/wxkit-login-pay/js_sdk/composables/usePollOrder'
import { payResultUrl } from '../routes'
import { useFeedback } from './useFeedback'
import { usePayChannel } from './usePayChannel'
// #ifdef H5
import { emulatorUrl } from '../../uni_modules/wxkit-login-pay/js_sdk/platform/dev-emulator'
// #endif

/** What paying needs from the client, as createOrder and payOrder answer it. */
export type PaymentParams = NonNullable<Awaited<ReturnType<typeof payService.payOrder>>['payment']>

/** What starting a payment answered: an order with its payment, or (payOrder) that it is paid already. */
export interface PayStart {
  orderId: string
  amount: number
  payment?: PaymentParams
  paid?: true
}

/** The Native QR code on screen: WeChat Pay's code_url and, in development, the emulator's stand-in for scanning it. */
export interface QrView {
  orderId: string
  codeUrl: string
  amount: number
  simulateUrl?: string
}

/**
 * How a payment went from the page's side: handed to WeChat (the result page or
 * the QR code follows), cancelled by the buyer, found paid already, failed
 * (`errCode` of the cloud object, said to the buyer already), or refused
 * because a payment is being started.
 */
export type PayOutcome = { outcome: 'handed-over' | 'cancelled' | 'paid' | 'busy' } | { outcome: 'failed'; errCode?: string }

/** The page's URLs for the QR code: the page showing it (its URL names the order) and the page without it. */
export interface PayHandOverPages {
  /** This page while the QR code of `orderId` is up: a reload there shows it again (`resume`). */
  qrPage: (orderId: string) => string
  /** This page without the QR code (after 取消). */
  plainPage: () => string
  /** Said when the page's URL names a QR code that can no longer be scanned. */
  qrGoneText: string
}

/**
 * Hand a payment over to WeChat the one way every page does it (checkout,
 * 我的订单's 继续支付, the result page's 继续支付): JSAPI parameters to
 * requestPayment (mini program, WeChat browser, the emulator) then the result
 * page; an h5_url to WeChat Pay's cashier, which returns to the result page; a
 * code_url as a QR code on `qrPage(orderId)`, polled until the order settles,
 * shown again after a reload (`resume`). The channel is usePayChannel's.
 */
export function usePayHandOver(pages: PayHandOverPages) {
  const feedback = useFeedback()
  const { channel } = usePayChannel()
  const poller = usePollOrder({ timeoutMs: 15 * 60_000 })
  const qr = ref<QrView>()
  const busy = ref(false)
  // Each follow of the QR code's order is a run; stop() or a newer follow ends the older one.
  let following = 0

  /** Start paying with `start` (createOrder or payOrder on the given channel) and hand the answer over. */
  async function pay(start: (channel: PayChannel) => Promise<PayStart>): Promise<PayOutcome> {
    if (busy.value) return { outcome: 'busy' }
    busy.value = true
    try {
      const answer = await start(channel.value)
      if (answer.paid || !answer.payment) return { outcome: 'paid' }
      return await handOver(answer.orderId, answer.payment)
    } catch (e) {
      feedback.tell(userMessage(e))
      return { outcome: 'failed', ...(isCloudCallError(e) ? { errCode: String(e.errCode) } : {}) }
    } finally {
      busy.value = false
    }
  }

  async function handOver(orderId: string, payment: PaymentParams): Promise<PayOutcome> {
    if ('paySign' in payment) {
      if ((await requestPayment(payment)) === 'cancelled') {
        feedback.tell('已取消支付')
        return { outcome: 'cancelled' }
      }
      uni.redirectTo({ url: payResultUrl(orderId) })
    } else if ('h5Url' in payment) {
      // #ifdef H5
      redirectToH5Pay(payment.h5Url, `${location.origin}${location.pathname}#${payResultUrl(orderId)}`)
      // #endif
    } else {
      // The page with the order in its URL shows the QR code: a reload there shows it again.
      uni.redirectTo({ url: pages.qrPage(orderId) })
    }
    return { outcome: 'handed-over' }
  }

  // #ifdef H5
  /** Show the QR code of an unpaid Native order and wait for it to be paid (or closed). */
  function showQr(orderId: string, codeUrl: string, amount: number): void {
    const base = emulatorUrl()
    qr.value = {
      orderId,
      codeUrl,
      amount,
      // The emulator's page standing in for scanning code_url (weixin://wxpay/bizpayurl?pr=…) with a phone.
      simulateUrl: base ? `${base}/__emulator/cashier/native?pr=${encodeURIComponent(new URL(codeUrl).searchParams.get('pr') ?? '')}` : undefined,
    }
    void followQr(orderId)
  }
  // #endif

  /** Poll the order of the QR code on screen; once it settles (or the wait is over), the result page. */
  async function followQr(orderId: string): Promise<void> {
    const mine = ++following
    const settled = await poller.poll(orderId)
    // Stopped (hidden, closed, logged out) or followed anew: nothing to do, whatever the last answer said.
    if (mine !== following || qr.value?.orderId !== orderId) return
    qr.value = undefined
    if ((settled && settled.status !== 'NOTPAY') || poller.timedOut.value) uni.redirectTo({ url: payResultUrl(orderId) })
  }

  /**
   * After a reload of `qrPage(orderId)`: show the QR code again, or go to the
   * result page of an order that is no longer unpaid. False when the order is
   * unpaid but its QR code can no longer be scanned (the buyer is told).
   */
  async function resume(orderId: string): Promise<boolean> {
    // Shown again with the QR code up (back from another page): follow the order again.
    if (qr.value?.orderId === orderId) {
      void followQr(orderId)
      return true
    }
    // #ifdef H5
    try {
      const { order, codeUrl } = await payService.getOrder({ orderId })
      if (codeUrl) {
        showQr(orderId, codeUrl, order.amount)
        return true
      }
      if (order.status !== 'NOTPAY') {
        uni.redirectTo({ url: payResultUrl(orderId) })
        return true
      }
      feedback.tell(pages.qrGoneText)
    } catch (e) {
      feedback.tell(userMessage(e))
    }
    // #endif
    return false
  }

  /** 取消 on the QR code: the order stays unpaid; the page becomes itself without it (a reload shows no QR code). */
  function closeQr(): void {
    stop()
    qr.value = undefined
    uni.redirectTo({ url: pages.plainPage() })
  }

  /**
   * Stop following the QR code's order: the page hides (another page on top,
   * which this one must not redirect from) or unloads. `resume` follows it again.
   */
  function stop(): void {
    following++
    poller.stop()
  }

  /** Forget everything of the payment (the user logged out: it belongs to the user who started it). */
  function reset(): void {
    following++
    poller.reset()
    qr.value = undefined
    busy.value = false
  }

  return { qr, busy, channel, pay, resume, closeQr, stop, reset }
}
