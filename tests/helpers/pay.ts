/**
 * Integration helpers for the pay object: a local stack (uniCloud runtime
 * running the BUILT bundles + the WeChat emulator), logins through the
 * weixinLogin object, calls as a client would make them, the emulator's
 * payer controls, and notifies crafted and signed as WeChat Pay would with
 * the emulator's testing keys (node:crypto only, never the code under test).
 */
import { startLocalStack, type LocalStack } from '../../emulators/start'
import type { Db, InvocationRecord } from '../../emulators/unicloud'
import type { LogEntry, NotifyEntry, WechatCredentials } from '../../emulators/wechat'
import type { OrderRecord, OrderView } from '../../cloud/pay/orders'
import { craftNotify, sealResource, type CraftOptions } from './wechatpay-notify'
import { withKitToken } from './login'

export interface PayStack {
  stack: LocalStack
  runtimeUrl: string
  emulatorUrl: string
  creds: WechatCredentials
  /** The runtime's own database (what the cloud code writes). */
  db: Db
  /** Runtime log lines (cloud console output included). */
  lines: string[]
  close(): Promise<void>
}

/**
 * The flow tests place dozens of orders per user within a minute; the limits
 * have tests of their own (tests/integration/pay/order-limits.test.ts), which
 * pass `appConfig.orderLimits` to get other values or the kit's defaults.
 */
const ROOMY_ORDER_LIMITS = { maxUnpaidPerUser: 1000, createPerUserPerMinute: 1000 }

/** Start the local stack in memory. */
export async function startPayStack(
  options: {
    timeFactor?: number
    payKeyMode?: 'publicKey' | 'certificate' | 'mixed'
    appConfig?: Record<string, unknown>
    onInvocation?: (record: InvocationRecord) => void
  } = {},
): Promise<PayStack> {
  const lines: string[] = []
  const stack = await startLocalStack({
    persistent: false,
    timeFactor: options.timeFactor ?? 0.01,
    payKeyMode: options.payKeyMode,
    appConfig: { orderLimits: ROOMY_ORDER_LIMITS, ...options.appConfig },
    onInvocation: options.onInvocation,
    log: (line) => lines.push(line),
  })
  return {
    stack,
    runtimeUrl: stack.locator.runtimeUrl,
    emulatorUrl: stack.locator.emulatorUrl,
    creds: stack.emulator.credentials(),
    db: stack.runtime.database(),
    lines,
    close: () => stack.close(),
  }
}

/** A JSON call to a WeChat emulator control under /__emulator/v1. */
export async function control<T = unknown>(s: PayStack, method: 'GET' | 'POST' | 'DELETE' | 'PUT', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${s.emulatorUrl}/__emulator/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`emulator ${method} ${path} answered ${response.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

/** A cloud answer: `{ errCode: 0, … }` or `{ errCode, errMsg }`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = { errCode: number | string; errMsg?: string; detail?: unknown } & Record<string, any>

/** Call a cloud object method as a client would (source 'client'). */
export async function callObject(
  s: PayStack,
  name: string,
  method: string,
  params: unknown[],
  options: { token?: string; clientInfo?: Record<string, unknown> } = {},
): Promise<Answer> {
  return (await s.stack.runtime.invoke(name, method, withKitToken(params, options.token), {
    clientInfo: options.clientInfo ?? { uniPlatform: 'mp-weixin' },
  })) as Answer
}

/** Call `pay.<method>`; fails the test unless it answers errCode 0. */
export async function pay<T = Answer>(
  s: PayStack,
  token: string | undefined,
  method: string,
  input?: unknown,
  clientInfo?: Record<string, unknown>,
): Promise<T & Answer> {
  const answer = await callObject(s, 'pay', method, input === undefined ? [] : [input], { token, clientInfo })
  if (answer.errCode !== 0) throw new Error(`pay.${method} failed: ${String(answer.errCode)} ${answer.errMsg ?? ''}`)
  return answer as T & Answer
}

/** Log in through the mini program (wx.login code from the emulator); answers the access token. */
export async function loginMp(s: PayStack, user: string): Promise<string> {
  const { code } = await control<{ code: string }>(s, 'POST', '/login/code', { user })
  const answer = await callObject(s, 'weixinLogin', 'login', [{ code }])
  if (answer.errCode !== 0) throw new Error(`login failed: ${String(answer.errCode)}`)
  return answer.accessToken as string
}

/** Log in through the WeChat browser (official account OAuth); answers the access token. */
export async function loginOfficialAccount(s: PayStack, user: string): Promise<string> {
  const web = { uniPlatform: 'web' }
  const urlAnswer = await callObject(s, 'weixinLogin', 'getOAuthUrl', [{ scope: 'snsapi_base', redirect: 'http://127.0.0.1:5173/' }], { clientInfo: web })
  if (urlAnswer.errCode !== 0) throw new Error(`getOAuthUrl failed: ${String(urlAnswer.errCode)}`)
  const state = new URL(urlAnswer.url as string).searchParams.get('state') ?? ''
  const { code } = await control<{ code: string }>(s, 'POST', '/oauth/code', { user, scope: 'snsapi_base' })
  const answer = await callObject(s, 'weixinLogin', 'loginByOAuth', [{ code, state }], { clientInfo: web })
  if (answer.errCode !== 0) throw new Error(`loginByOAuth failed: ${String(answer.errCode)}`)
  return answer.accessToken as string
}

/** The phone pays with requestPayment parameters (the emulator checks paySign). */
export function payWithRequestPayment(s: PayStack, payment: object, user: string): Promise<{ errMsg: string; outTradeNo: string }> {
  return control(s, 'POST', '/wxpay/pay', { ...payment, user })
}

/** The payer confirms on the cashier page behind an h5_url or a Native code_url. */
export function payAtCashier(s: PayStack, url: string, user: string): Promise<{ errMsg: string; outTradeNo: string }> {
  return control(s, 'POST', '/wxpay/cashier', { url, user })
}

/** Deliver every notify (and refund settlement) due now and wait for the answers. */
export function flushNotifies(s: PayStack): Promise<{ fired: number }> {
  return control(s, 'POST', '/wxpay/notifies/flush', {})
}

/** Arm an emulator fault. */
export function armFault(s: PayStack, fault: Record<string, unknown>): Promise<unknown> {
  return control(s, 'POST', '/faults', fault)
}

/** The emulator's notify deliveries for one order. */
export async function notifyLog(s: PayStack, outTradeNo: string): Promise<NotifyEntry[]> {
  const entries = await control<LogEntry[]>(s, 'GET', '/log')
  return entries.filter((e): e is NotifyEntry => e.kind === 'notify' && e.outTradeNo === outTradeNo)
}

/** The emulator's calls of one production endpoint, e.g. `POST /v3/pay/transactions/jsapi`. */
export async function callLog(s: PayStack, endpoint: string): Promise<Array<{ status: number; fault?: string; path: string }>> {
  const entries = await control<LogEntry[]>(s, 'GET', '/log')
  return entries.filter((e) => e.kind === 'call' && e.endpoint === endpoint) as Array<{ status: number; fault?: string; path: string }>
}

/** The stored order document, straight from the runtime's database. */
export async function storedOrder(s: PayStack, orderId: string): Promise<OrderRecord> {
  const { data } = await s.db.collection('wxkit-orders').doc(orderId).get()
  if (!data[0]) throw new Error(`no order ${orderId}`)
  return data[0] as unknown as OrderRecord
}

/** How many deliveries the default fulfilment recorded for an order. */
export async function deliveryCount(s: PayStack, orderId: string): Promise<number> {
  return (await s.db.collection('wxkit-deliveries').where({ orderId }).count()).total
}

/** Make an order look `ms` older to the cloud (its clock cannot be moved): created, expiring and last queried earlier. */
export async function ageOrder(s: PayStack, orderId: string, ms: number): Promise<void> {
  const order = await storedOrder(s, orderId)
  await s.db
    .collection('wxkit-orders')
    .doc(orderId)
    .update({ createdAt: order.createdAt - ms, timeExpire: order.timeExpire - ms, lastQueriedAt: 0 })
}

/** Poll until `check` holds (real time), for work the emulator does on its own timers. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (check(value)) return value
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Make the runtime's `wxkit-deliveries` writes fail `times` times: a database outage during fulfilment. */
export function failDeliveries(s: PayStack, times: number): () => void {
  const db = s.db as unknown as { collection: (name: string) => { add: (doc: unknown) => Promise<unknown> } }
  const original = db.collection
  let remaining = times
  db.collection = function (this: unknown, name: string) {
    const collection = original.call(this, name)
    if (name === 'wxkit-deliveries') {
      const add = collection.add.bind(collection)
      collection.add = async (doc: unknown) => {
        if (remaining > 0) {
          remaining--
          throw Object.assign(new Error('simulated database outage'), { name: 'DatabaseUnavailable' })
        }
        return add(doc)
      }
    }
    return collection
  }
  return () => {
    db.collection = original
  }
}

export { sealResource }

/** Options of a crafted notify sent to the runtime. */
export interface SentNotify extends CraftOptions {
  /** The decrypted resource. */
  resource: object
  /** '/pay/notify' (default) or '/pay/refundNotify'. */
  path?: string
  /** Send with a non-text content type, so the runtime hands the body over base64-encoded. */
  binary?: boolean
}

/**
 * POST a notify built as WeChat Pay builds one (tests/helpers/wechatpay-notify.ts),
 * signed with the emulator's WeChat Pay testing key, to the runtime's URL-ized pay object.
 */
export async function sendCraftedNotify(s: PayStack, options: SentNotify): Promise<{ status: number; body: string }> {
  const keys = { apiV3Key: s.creds.apiV3Key, platformPrivateKey: s.creds.platformPublicKey.privateKey, serial: s.creds.platformPublicKey.id }
  const notify = craftNotify(keys, options.resource, options)
  const headers = options.binary ? { ...notify.headers, 'content-type': 'application/octet-stream' } : notify.headers
  const response = await fetch(`${s.runtimeUrl}${options.path ?? '/pay/notify'}`, { method: 'POST', headers, body: notify.body })
  return { status: response.status, body: await response.text() }
}

/** The decrypted resource WeChat Pay would send for a paid order, with overrides. */
export function transactionResource(order: OrderRecord, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    transaction_id: `4200${Date.now()}${Math.floor(Math.random() * 1e6)}`.slice(0, 28),
    trade_type: 'NATIVE',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: new Date().toISOString().slice(0, 19) + '+08:00',
    payer: { openid: 'o-crafted-payer' },
    amount: { total: order.amount, payer_total: order.amount, currency: 'CNY', payer_currency: 'CNY' },
    ...overrides,
  }
}

export type { OrderRecord, OrderView }
