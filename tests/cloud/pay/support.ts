/**
 * Set-up for the payment domain tests: an in-memory WeChat Pay (the gateway
 * the domain talks to), a counting fulfiller with failure injection, and
 * PayDeps over the local runtime's in-memory database with the real indexes.
 */
import { WxpayError } from '../../../cloud/wxpay/errors'
import type {
  H5OrderRequest,
  JsapiOrderRequest,
  NativeOrderRequest,
  Refund,
  RefundRequest,
  RefundStatus,
  RequestPaymentParams,
  TradeState,
  Transaction,
} from '../../../cloud/wxpay/types'
import { createDeliveryFulfiller } from '../../../cloud/pay/fulfilment'
import type { OrderRecord } from '../../../cloud/pay/orders'
import type { Fulfiller, PayDeps, PayGateway, PayLog } from '../../../cloud/pay/pay-deps'
import { placeOrder, type PlaceOrderInput } from '../../../cloud/pay/payments'
import { memoryDb, testEnv, type TestEnv } from '../support'

export const MCHID = '1900000109'
export const MP_APPID = 'wxd678efh567hg6787'
export const OA_APPID = 'wx0123456789abcdef'
export const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o'

/** An APIv3 error answer as the client throws it. */
export function wxpayError(status: number, wechatCode: string): WxpayError {
  return new WxpayError('UPSTREAM_ERROR', `WeChat Pay answered ${status} ${wechatCode}`, { status, wechatCode, upstreamMessage: '（测试）' })
}

interface FakeOrder {
  request: JsapiOrderRequest | H5OrderRequest | NativeOrderRequest
  tradeType: Transaction['trade_type']
  state: TradeState
  transactionId?: string
  payerOpenid?: string
}

type Method = 'createJsapiOrder' | 'createH5Order' | 'createNativeOrder' | 'queryOrderByOutTradeNo' | 'closeOrder' | 'createRefund' | 'queryRefund'

/** WeChat Pay in memory: records every call, fails on demand. */
export class FakeGateway implements PayGateway {
  readonly mchId = MCHID
  readonly calls: Array<{ method: Method; arg: unknown }> = []
  readonly orders = new Map<string, FakeOrder>()
  readonly refunds = new Map<string, Refund>()
  /** Errors to throw on the next calls of a method, in order. */
  readonly failures: Partial<Record<Method, unknown[]>> = {}

  #call(method: Method, arg: unknown): void {
    this.calls.push({ method, arg })
    const next = this.failures[method]?.shift()
    if (next) throw next
  }

  /** How often a method was called. */
  count(method: Method): number {
    return this.calls.filter((c) => c.method === method).length
  }

  #place(request: FakeOrder['request'], tradeType: FakeOrder['tradeType']): void {
    this.orders.set(request.out_trade_no, {
      request,
      tradeType,
      state: 'NOTPAY',
      payerOpenid: 'payer' in request ? request.payer.openid : undefined,
    })
  }

  async createJsapiOrder(order: JsapiOrderRequest): Promise<{ prepay_id: string }> {
    this.#call('createJsapiOrder', order)
    this.#place(order, 'JSAPI')
    return { prepay_id: `wx${order.out_trade_no}` }
  }

  async createH5Order(order: H5OrderRequest): Promise<{ h5_url: string }> {
    this.#call('createH5Order', order)
    this.#place(order, 'MWEB')
    return { h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx${order.out_trade_no}` }
  }

  async createNativeOrder(order: NativeOrderRequest): Promise<{ code_url: string }> {
    this.#call('createNativeOrder', order)
    this.#place(order, 'NATIVE')
    return { code_url: `weixin://wxpay/bizpayurl?pr=${order.out_trade_no.slice(-7)}` }
  }

  /** The payer pays. */
  pay(outTradeNo: string, openid = OPENID): void {
    const order = this.orders.get(outTradeNo)
    if (!order) throw new Error(`no order ${outTradeNo}`)
    order.state = 'SUCCESS'
    order.transactionId = `4200${outTradeNo}`
    order.payerOpenid = openid
  }

  /** What the query answers (and a notify carries) for an order. */
  transaction(outTradeNo: string): Transaction {
    const order = this.orders.get(outTradeNo)
    if (!order) throw new Error(`no order ${outTradeNo}`)
    const paid = order.state === 'SUCCESS' || order.state === 'REFUND'
    return {
      appid: order.request.appid as string,
      mchid: this.mchId,
      out_trade_no: outTradeNo,
      ...(paid ? { transaction_id: order.transactionId, success_time: '2025-01-01T20:00:05+08:00', trade_type: order.tradeType } : {}),
      trade_state: order.state,
      ...(order.payerOpenid ? { payer: { openid: order.payerOpenid } } : {}),
      amount: { total: order.request.amount.total, ...(paid ? { payer_total: order.request.amount.total } : {}), currency: 'CNY' },
    }
  }

  async queryOrderByOutTradeNo(outTradeNo: string): Promise<Transaction> {
    this.#call('queryOrderByOutTradeNo', outTradeNo)
    if (!this.orders.has(outTradeNo)) throw wxpayError(404, 'ORDER_NOT_EXIST')
    return this.transaction(outTradeNo)
  }

  async closeOrder(outTradeNo: string): Promise<void> {
    this.#call('closeOrder', outTradeNo)
    const order = this.orders.get(outTradeNo)
    if (!order) throw wxpayError(404, 'ORDER_NOT_EXIST')
    if (order.state === 'SUCCESS' || order.state === 'REFUND') throw wxpayError(400, 'ORDERPAID')
    order.state = 'CLOSED'
  }

  async createRefund(refund: RefundRequest): Promise<Refund> {
    this.#call('createRefund', refund)
    const existing = this.refunds.get(refund.out_refund_no)
    if (existing) return existing
    const order = this.orders.get(refund.out_trade_no as string)
    if (!order || (order.state !== 'SUCCESS' && order.state !== 'REFUND')) throw wxpayError(404, 'RESOURCE_NOT_EXISTS')
    const taken = [...this.refunds.values()]
      .filter((r) => r.out_trade_no === refund.out_trade_no && r.status !== 'CLOSED')
      .reduce((sum, r) => sum + r.amount.refund, 0)
    if (taken + refund.amount.refund > order.request.amount.total) throw wxpayError(400, 'INVALID_REQUEST')
    const created: Refund = {
      refund_id: `50${refund.out_refund_no}`,
      out_refund_no: refund.out_refund_no,
      transaction_id: order.transactionId as string,
      out_trade_no: refund.out_trade_no as string,
      status: 'PROCESSING',
      amount: { total: refund.amount.total, refund: refund.amount.refund, payer_total: refund.amount.total, payer_refund: refund.amount.refund, currency: 'CNY' },
    }
    this.refunds.set(refund.out_refund_no, created)
    order.state = 'REFUND'
    return created
  }

  /** WeChat Pay settles a refund. */
  settleRefund(outRefundNo: string, status: RefundStatus = 'SUCCESS'): Refund {
    const refund = this.refunds.get(outRefundNo)
    if (!refund) throw new Error(`no refund ${outRefundNo}`)
    refund.status = status
    if (status === 'SUCCESS') refund.success_time = '2025-01-01T20:10:00+08:00'
    return refund
  }

  async queryRefund(outRefundNo: string): Promise<Refund> {
    this.#call('queryRefund', outRefundNo)
    const refund = this.refunds.get(outRefundNo)
    if (!refund) throw wxpayError(404, 'RESOURCE_NOT_EXISTS')
    return refund
  }

  buildRequestPaymentParams({ appId, prepayId }: { appId?: string; prepayId: string }): RequestPaymentParams {
    return { appId: appId as string, timeStamp: '1735732800', nonceStr: 'NONCE', package: `prepay_id=${prepayId}`, signType: 'RSA', paySign: 'SIGNED' }
  }
}

/** A fulfiller that counts runs, fails the first `failures` of them, and can be made slow. */
export function countingFulfiller(options: { failures?: number; delay?: () => Promise<void> } = {}): Fulfiller & { runs: string[] } {
  let failures = options.failures ?? 0
  const runs: string[] = []
  return {
    runs,
    async fulfil(order) {
      runs.push(order._id)
      await options.delay?.()
      if (failures > 0) {
        failures--
        throw Object.assign(new Error('warehouse API said: token=SECRET-SHOULD-NOT-BE-LOGGED'), { name: 'WarehouseError', code: 'E_DOWN' })
      }
    },
  }
}

/** A log that keeps its lines. */
export function memoryLog(): PayLog & { lines: string[] } {
  const lines: string[] = []
  return { lines, info: (l) => lines.push(`INFO ${l}`), warn: (l) => lines.push(`WARN ${l}`), error: (l) => lines.push(`ERROR ${l}`) }
}

export interface PayFixture {
  deps: PayDeps
  env: TestEnv
  gateway: FakeGateway
  log: ReturnType<typeof memoryLog>
}

/** Fresh deps: memory database (seeded catalogue), fake WeChat Pay, test clock, the given or the delivery fulfiller. */
export function payFixture(fulfiller?: Fulfiller): PayFixture {
  const env = testEnv()
  const db = memoryDb(env.now)
  const gateway = new FakeGateway()
  const log = memoryLog()
  return { env, gateway, log, deps: { db, gateway, env, log, fulfiller: fulfiller ?? createDeliveryFulfiller({ db, env }) } }
}

/** Place an order (a mug by default) through the domain, as createOrder does. */
export async function newOrder(f: PayFixture, input: Partial<PlaceOrderInput> = {}): Promise<OrderRecord> {
  const { order } = await placeOrder(f.deps, {
    userId: 'user-1',
    lines: [{ productId: 'p-mug', quantity: 1 }],
    channel: 'miniprogram',
    appid: MP_APPID,
    payerOpenid: OPENID,
    ...input,
  })
  return order
}

/** The order as stored now. */
export async function stored(f: PayFixture, orderId: string): Promise<OrderRecord> {
  const { data } = await f.deps.db.collection<OrderRecord>('wxkit-orders').doc(orderId).get()
  return data[0]
}

/** `from>to:by` of each applied transition. */
export function transitions(order: OrderRecord): string[] {
  return order.history.map((h) => `${h.from}>${h.to}:${h.by}`)
}
