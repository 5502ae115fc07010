import { EmulatorCore } from './core'
import { appCredentials, buildDevConfig, wxpayCredentials, type WechatCredentials } from './dev-config'
import { loadOrCreateIdentity } from './identity'
import { NOTIFY_ANSWER_TIMEOUT_MS } from './constants'
import { cashierOperations } from './operations/cashier'
import { controlOperations } from './operations/emulator-controls'
import { emulatorIndexOperations } from './operations/emulator-index'
import type { Operation } from './operations/operation'
import { weixinApiOperations } from './operations/weixin-api'
import { weixinOpenOperations } from './operations/weixin-open'
import { wxpayBillOperations } from './operations/wxpay-bills'
import { wxaShippingOperations } from './operations/wxa-shipping'
import { wxpayCertificateOperations } from './operations/wxpay-certificates'
import { wxpayControlOperations } from './operations/wxpay-controls'
import { wxpayRefundOperations } from './operations/wxpay-refunds'
import { wxpayTransactionOperations } from './operations/wxpay-transactions'
import { WechatEmulatorServer } from './server'
import type { WxpayRules } from './wxpay/rules'
import type { PayKeyMode } from './wxpay/signing'

export type { WechatCredentials, WxpayCredentials, AppCredentials } from './dev-config'
export type { PayKeyMode } from './wxpay/signing'
export type { WxpayRules } from './wxpay/rules'
export type { LogEntry, CallEntry, NotifyEntry } from './call-log'

/** Options of the local WeChat emulator. */
export interface WechatEmulatorOptions {
  /** Persist generated apps and keys here (dev: .local/wechat-emulator); undefined → fresh in memory (tests). */
  stateDir?: string
  /** Scales the notify retry schedule (15s, 15s, 30s, 3m, …) and refund settlement; default 1. */
  timeFactor?: number
  /** How WeChat Pay signs responses and notifies; default 'publicKey'. */
  payKeyMode?: PayKeyMode
  /** Base clock in ms; the emulator adds its own advanceable offset. */
  now?: () => number
  /** Receives one line per call and notify delivery (never secrets). */
  log?: (line: string) => void
  /** How long a notify_url may take to answer before the delivery counts as failed; default 5000. */
  notifyTimeoutMs?: number
  /** WeChat Pay rule strictness: `closeMinAgeSeconds` (default 0), `refundMinIntervalSeconds` (default 60). */
  wxpayRules?: Partial<WxpayRules>
}

/** A running (or ready to run) WeChat emulator. */
export interface WechatEmulator {
  /** Listen on 127.0.0.1 (port 0 or omitted = a free port). */
  listen(port?: number): Promise<{ url: string }>
  /** Stop serving and cancel pending notify retries. */
  close(): Promise<void>
  /** Pay credentials (as GET /__emulator/v1/wxpay/credentials) plus app ids and secrets. */
  credentials(): WechatCredentials
  /** The cloud objects' config (shape of the plugin's config.example.json) pointing at the emulator. */
  devConfig(args: { emulatorUrl: string; runtimeUrl: string }): object
  /** The openid a simulated user has under one of the emulator's apps (stable for this identity). */
  openid(app: 'mp' | 'officialAccount' | 'website', userKey: string): string
}

/** Create the emulator: loads or generates its identity (RSA key generation is async). */
export async function createWechatEmulator(opts: WechatEmulatorOptions = {}): Promise<WechatEmulator> {
  const now = opts.now ?? Date.now
  const timeFactor = opts.timeFactor ?? 1
  if (!(timeFactor > 0)) throw new Error('WeChat emulator: timeFactor must be > 0')
  const payKeyMode = opts.payKeyMode ?? 'publicKey'
  if (!['publicKey', 'certificate', 'mixed'].includes(payKeyMode)) {
    throw new Error(`WeChat emulator: unknown payKeyMode ${String(payKeyMode)}`)
  }
  const identity = await loadOrCreateIdentity(opts.stateDir, now())
  const core = new EmulatorCore(identity, {
    timeFactor,
    payKeyMode,
    notifyTimeoutMs: opts.notifyTimeoutMs ?? NOTIFY_ANSWER_TIMEOUT_MS,
    now,
    log: opts.log,
    wxpayRules: opts.wxpayRules,
  })
  const production: Operation[] = [
    ...weixinApiOperations,
    ...wxaShippingOperations,
    ...weixinOpenOperations,
    ...wxpayTransactionOperations,
    ...wxpayRefundOperations,
    ...wxpayCertificateOperations,
    ...wxpayBillOperations,
    ...cashierOperations,
  ]
  let server: WechatEmulatorServer | undefined = undefined
  const all: Operation[] = [
    ...production,
    ...controlOperations(() => server!.operations()),
    ...wxpayControlOperations,
    ...emulatorIndexOperations(() => server!.operations()),
  ]
  server = new WechatEmulatorServer(core, all)
  const srv = server

  return {
    listen: (port?: number) => srv.listen(port),
    async close() {
      core.scheduler.close()
      core.notifier.abortAll()
      await srv.close()
    },
    credentials: () => ({ ...wxpayCredentials(identity, payKeyMode), apps: appCredentials(identity) }),
    devConfig: (args) => buildDevConfig(identity, payKeyMode, args, (appid, userKey) => core.state.openid(appid, userKey)),
    openid: (app, userKey) => core.state.openid(identity.apps[app].appid, userKey),
  }
}
