import * as v from 'valibot'
import { issueCode } from '../codes'
import { formatBeijingTime } from '../clock'
import { CONTROL_PREFIX } from '../constants'
import { jssdkSigningString } from '../crypto/sign-messages'
import { createHash } from 'node:crypto'
import { appCredentials, wxpayCredentials } from '../dev-config'
import { NOTIFY_FAULT_KINDS, type EndpointFaultAction } from '../faults'
import type { EmulatorCore } from '../core'
import { refreshOrderState } from '../wxpay/orders'
import { PaymentRefused, cashierRef, confirmCashier, confirmRequestPayment, orderForCashier } from '../wxpay/payer'
import { ControlError, json, operationKey, parseJsonBody, type Operation, type OpContext } from './operation'
import { Times, UserKey, appOf, input } from './control-helpers'
import { describe } from './descriptions'
import { openDataControls } from './open-data-controls'
import { shippingControls } from './shipping-controls'

function userView(core: EmulatorCore, key: string): object {
  const user = core.state.user(key)
  const { mp, officialAccount, website } = core.identity.apps
  return {
    user: user.key,
    nickname: user.nickname,
    headimgurl: user.headimgurl ?? null,
    unionid: user.unionid ?? null,
    phoneNumber: user.phoneNumber ?? null,
    openids: {
      mp: core.state.openid(mp.appid, key),
      officialAccount: core.state.openid(officialAccount.appid, key),
      website: core.state.openid(website.appid, key),
    },
  }
}

function paymentAnswer(run: () => { outTradeNo: string; transactionId?: string }) {
  try {
    const order = run()
    return json({ errMsg: 'requestPayment:ok', outTradeNo: order.outTradeNo, transactionId: order.transactionId })
  } catch (error) {
    if (error instanceof PaymentRefused) return json({ errMsg: error.errMsg }, 400)
    throw error
  }
}

const FaultInput = v.object({
  endpoint: v.optional(v.string()),
  times: Times,
  errcode: v.optional(v.pipe(v.number(), v.integer())),
  errmsg: v.optional(v.string()),
  wxpay: v.optional(v.pipe(v.string(), v.regex(/^[A-Z_]+$/))),
  status: v.optional(v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599))),
  message: v.optional(v.string()),
  hangMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  notify: v.optional(v.picklist(NOTIFY_FAULT_KINDS)),
  copies: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20))),
  delayMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  skewSeconds: v.optional(v.pipe(v.number(), v.integer())),
  refund: v.optional(v.picklist(['ABNORMAL', 'CLOSED'])),
  outRefundNo: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
  applied: v.optional(v.boolean()),
  bill: v.optional(v.picklist(['hashMismatch', 'late'])),
  date: v.optional(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/))),
  readyAt: v.optional(v.pipe(v.string(), v.check((value) => !Number.isNaN(Date.parse(value)), 'readyAt must be an RFC 3339 time'))),
})

function armFault(core: EmulatorCore, operations: () => Operation[], body: v.InferOutput<typeof FaultInput>): object {
  if (body.notify) {
    return core.faults.addNotify({
      kind: body.notify,
      remaining: body.times,
      copies: body.copies,
      delayMs: body.delayMs,
      skewSeconds: body.skewSeconds,
    })
  }
  if (body.refund) return core.faults.addRefund(body.refund, body.times, body.outRefundNo)
  if (body.bill === 'hashMismatch') return core.faults.addBill({ kind: 'hashMismatch', remaining: body.times })
  if (body.bill === 'late') {
    if (!body.date || !body.readyAt) throw new ControlError(400, 'a late bill needs date and readyAt')
    return core.faults.addBill({ kind: 'late', date: body.date, readyAt: Date.parse(body.readyAt), remaining: 1 })
  }
  if (!body.endpoint) throw new ControlError(400, 'give endpoint, notify, refund or bill')
  const op = operations().find(
    (o) => o.host !== 'emulator' && (operationKey(o) === body.endpoint || o.path === body.endpoint),
  )
  if (!op) throw new ControlError(400, `no production endpoint ${body.endpoint}`)
  const actions = [body.errcode !== undefined, body.wxpay !== undefined, body.hangMs !== undefined].filter(Boolean)
  if (actions.length !== 1) throw new ControlError(400, 'give exactly one of errcode, wxpay, hangMs')
  let action: EndpointFaultAction
  if (body.hangMs !== undefined) action = { type: 'hang', ms: body.hangMs }
  else if (body.errcode !== undefined) {
    if (op.host === 'wxpayApi') throw new ControlError(400, 'APIv3 endpoints take wxpay: CODE, not errcode')
    action = { type: 'wx', errcode: body.errcode, errmsg: body.errmsg }
  } else {
    if (op.host !== 'wxpayApi') throw new ControlError(400, 'api.weixin.qq.com endpoints take errcode, not wxpay')
    action = { type: 'wxpay', code: body.wxpay!, status: body.status, message: body.message, ...(body.applied ? { applied: true } : {}) }
  }
  return core.faults.addEndpoint(body.endpoint!, body.times, action)
}

/** The emulator-only JSON controls under /__emulator/v1 (loopback only). */
export function controlOperations(operations: () => Operation[]): Operation[] {
  const c = (method: Operation['method'], path: string, handle: Operation['handle']): Operation => ({
    method,
    path: CONTROL_PREFIX + path,
    host: 'emulator',
    handle,
  })
  return [
    c('GET', '', ({ core }) =>
      json({
        emulator: 'wechat',
        payKeyMode: core.options.payKeyMode,
        timeFactor: core.options.timeFactor,
        operations: operations().map((op) => ({ endpoint: operationKey(op), host: op.host, description: describe(op) ?? null })),
      }),
    ),
    c('GET', '/apps', ({ core }) => json(appCredentials(core.identity))),
    c('GET', '/wxpay/credentials', ({ core }) => json(wxpayCredentials(core.identity, core.options.payKeyMode))),
    c('POST', '/login/code', ({ core, rawBody }) => {
      const body = input(v.object({ user: UserKey, appid: v.optional(v.string()) }), rawBody)
      const app = appOf(core, body.appid, core.identity.apps.mp, ['miniProgram'])
      return json({ code: issueCode(core, 'login', app.appid, body.user) })
    }),
    c('POST', '/oauth/code', ({ core, rawBody }) => {
      const body = input(
        v.object({ user: UserKey, appid: v.optional(v.string()), scope: v.optional(v.picklist(['snsapi_base', 'snsapi_userinfo', 'snsapi_login'])) }),
        rawBody,
      )
      const app = appOf(core, body.appid, core.identity.apps.officialAccount, ['officialAccount', 'website'])
      const scope = body.scope ?? (app.kind === 'website' ? 'snsapi_login' : 'snsapi_userinfo')
      if ((app.kind === 'website') !== (scope === 'snsapi_login')) {
        throw new ControlError(400, `scope ${scope} does not fit a ${app.kind}`)
      }
      return json({ code: issueCode(core, 'oauth', app.appid, body.user, scope) })
    }),
    c('GET', '/users/{user}', ({ core, params }) => json(userView(core, params.user))),
    c('PUT', '/users/{user}', ({ core, params, rawBody }) => {
      const body = input(
        v.object({
          unionid: v.optional(v.union([v.pipe(v.string(), v.minLength(1), v.maxLength(64)), v.literal(true), v.null()])),
          phoneNumber: v.optional(v.union([v.pipe(v.string(), v.regex(/^(\+\d{1,4}\s*)?\d{5,15}$/)), v.null()])),
          nickname: v.optional(v.pipe(v.string(), v.maxLength(64))),
          headimgurl: v.optional(v.union([v.string(), v.null()])),
        }),
        rawBody,
      )
      const user = core.state.user(params.user)
      if (body.unionid === true) user.unionid = core.state.generatedUnionid(user.key)
      else if (body.unionid === null) delete user.unionid
      else if (body.unionid !== undefined) user.unionid = body.unionid
      if (body.phoneNumber === null) delete user.phoneNumber
      else if (body.phoneNumber !== undefined) user.phoneNumber = body.phoneNumber
      if (body.nickname !== undefined) user.nickname = body.nickname
      if (body.headimgurl === null) delete user.headimgurl
      else if (body.headimgurl !== undefined) user.headimgurl = body.headimgurl
      return json(userView(core, user.key))
    }),
    c('POST', '/phone/code', ({ core, rawBody }) => {
      const body = input(
        v.object({ user: UserKey, appid: v.optional(v.string()), phoneNumber: v.optional(v.pipe(v.string(), v.regex(/^(\+\d{1,4}\s*)?\d{5,15}$/))) }),
        rawBody,
      )
      const app = appOf(core, body.appid, core.identity.apps.mp, ['miniProgram'])
      const user = core.state.user(body.user)
      if (body.phoneNumber) user.phoneNumber = body.phoneNumber
      if (!user.phoneNumber) {
        throw new ControlError(409, `user ${user.key} has no phoneNumber: PUT ${CONTROL_PREFIX}/users/${user.key} first, or pass phoneNumber`)
      }
      return json({ code: issueCode(core, 'phone', app.appid, user.key) })
    }),
    c('PUT', '/browser', ({ core, rawBody }) => {
      core.state.browserUser = input(v.object({ user: UserKey }), rawBody).user
      return json({ user: core.state.browserUser })
    }),
    c('POST', '/jssdk/verify', ({ core, rawBody }) => {
      const body = input(
        v.object({ appId: v.string(), timestamp: v.union([v.string(), v.number()]), nonceStr: v.string(), signature: v.string(), url: v.string() }),
        rawBody,
      )
      const ticket = core.state.tickets.get(`${body.appId}|jsapi`)
      if (!ticket || ticket.expiresAt <= core.clock.now()) return json({ ok: false, errMsg: 'config:fail invalid ticket' })
      const expected = createHash('sha1')
        .update(jssdkSigningString({ jsapiTicket: ticket.ticket, nonceStr: body.nonceStr, timestamp: String(body.timestamp), url: body.url }))
        .digest('hex')
      return expected === body.signature.toLowerCase()
        ? json({ ok: true, errMsg: 'config:ok' })
        : json({ ok: false, errMsg: 'config:fail invalid signature' })
    }),
    c('POST', '/wxpay/pay', ({ core, rawBody }) => {
      const body = parseJsonBody(rawBody, () => new ControlError(400, 'body must be JSON')) as Record<string, unknown>
      if (!body || typeof body !== 'object') throw new ControlError(400, 'body must be a JSON object')
      return paymentAnswer(() => confirmRequestPayment(core, body))
    }),
    c('POST', '/wxpay/cashier', (ctx: OpContext) => {
      const body = input(v.object({ url: v.string(), user: v.optional(UserKey) }), ctx.rawBody)
      const order = orderForCashier(ctx.core, cashierRef(body.url))
      if (!order) throw new ControlError(404, 'no order behind this h5_url / code_url')
      return paymentAnswer(() => confirmCashier(ctx.core, order, body.user ?? ctx.core.state.browserUser))
    }),
    c('GET', '/wxpay/orders', ({ core }) =>
      json(
        [...core.state.orders.values()].map((order) => ({
          outTradeNo: order.outTradeNo,
          appid: order.appid,
          tradeType: order.tradeType,
          state: refreshOrderState(core, order).state,
          total: order.total,
          refundedTotal: order.refundedTotal,
          prepayId: order.prepayId,
          transactionId: order.transactionId ?? null,
          payerOpenid: order.payerOpenid ?? null,
          timeExpire: order.timeExpire ?? null,
        })),
      ),
    ),
    c('GET', '/wxpay/refunds', ({ core }) =>
      json([...core.state.refunds.values()].map(({ fingerprint: _f, ...refund }) => refund)),
    ),
    c('GET', '/wxpay/notifies', ({ core }) => json(core.notifier.list())),
    c('POST', '/wxpay/notifies/flush', async ({ core }) => {
      const fired = await core.scheduler.flush()
      return json({ fired, notifies: core.notifier.list().map(({ body: _b, ...rest }) => rest) })
    }),
    c('GET', '/faults', ({ core }) => json(core.faults.list())),
    c('POST', '/faults', ({ core, rawBody }) => json(armFault(core, operations, input(FaultInput, rawBody)), 201)),
    c('DELETE', '/faults', ({ core }) => {
      core.faults.clear()
      return json({ cleared: true })
    }),
    ...openDataControls(),
    ...shippingControls(),
    c('GET', '/log', ({ core, url }) => json(core.log.list(Number(url.searchParams.get('since') ?? 0) || 0))),
    c('POST', '/reset', ({ core }) => {
      core.reset()
      return json({ reset: true })
    }),
    c('GET', '/clock', ({ core }) =>
      json({ now: core.clock.now(), offsetMs: core.clock.offset, beijing: formatBeijingTime(core.clock.now()) }),
    ),
    c('POST', '/clock/advance', async ({ core, rawBody }) => {
      const { seconds } = input(v.object({ seconds: v.pipe(v.number(), v.minValue(0)) }), rawBody)
      await core.scheduler.advance(seconds * 1000)
      return json({ now: core.clock.now(), offsetMs: core.clock.offset, beijing: formatBeijingTime(core.clock.now()) })
    }),
  ]
}
