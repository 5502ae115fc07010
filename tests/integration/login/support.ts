/**
 * The login integration stack: the WeChat emulator and the local uniCloud
 * runtime running the BUILT weixinLogin bundle (uni_modules/wxkit-login-pay/uniCloud/cloudfunctions,
 * regenerate with `npm run build:cloud`), wired like emulators/start.ts but
 * with config overrides, and with every answer and log line captured so the
 * tests can assert that no secret ever leaves.
 */
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { CONFIG_PLUGIN_ID } from '../../../emulators/start'
import { createUniCloudRuntime, projectCloudRoots, type UniCloudRuntime } from '../../../emulators/unicloud'
import { createWechatEmulator, type WechatCredentials, type WechatEmulator } from '../../../emulators/wechat'
import { open, secretBoxKey } from '../../../cloud/shared/secret-box'
import { readSessionKey } from '../../../cloud/login/session-keys'
import type { Database } from '../../../cloud/shared/database'
import { emulatorControl, loginCode, withKitToken, type LoginTarget } from '../../helpers/login'

const CLOUD_ROOT = projectCloudRoots(fileURLToPath(new URL('../../..', import.meta.url)))

/** What the tests get. */
export interface LoginStack {
  runtime: UniCloudRuntime
  emulator: WechatEmulator
  emulatorUrl: string
  runtimeUrl: string
  creds: WechatCredentials
  /** The uni-wx-kit config the cloud code reads (change it, then `runtime.reload('weixinLogin')`). */
  config: Record<string, Record<string, unknown>>
  /** Every runtime, cloud console and emulator log line. */
  logs: string[]
  /** Every answer of every call, as JSON text. */
  answers: string[]
  /** The login target for tests/helpers/login.ts (calls through it are captured too). */
  target: LoginTarget
  /** Call a weixinLogin method. */
  call(method: string, params?: unknown[], token?: string): Promise<Answer>
  /** Call a weixinLogin method as a particular client (address, user agent, client info). */
  callAs(client: TestClient, method: string, params?: unknown[], token?: string): Promise<Answer>
  /** A JSON call to an emulator control. */
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>
  /** A fresh wx.login code. */
  code(userKey: string): Promise<string>
  close(): Promise<void>
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = { errCode: 0 | string; errMsg?: string; [key: string]: any }

/** What the runtime reports about a caller: the gateway's address and User-Agent, and the SDK's client info. */
export interface TestClient {
  clientIP: string
  userAgent: string
  clientInfo: { uniPlatform: string; appId?: string; deviceId?: string }
}

/** A phone running the mini program. */
export const PHONE: TestClient = {
  clientIP: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (iPhone) MicroMessenger/8.0.50 MiniProgramEnv/iOS',
  clientInfo: { uniPlatform: 'mp-weixin', appId: '__UNI__WXKIT01', deviceId: 'phone-device-1' },
}

/** Start a stack; `token` overrides parts of the token config (e.g. a short accessTtlSeconds). */
export async function startLoginStack(options: { token?: Record<string, unknown> } = {}): Promise<LoginStack> {
  const logs: string[] = []
  const answers: string[] = []
  const log = (line: string) => void logs.push(line)
  const emulator = await createWechatEmulator({ log })
  const { url: emulatorUrl } = await emulator.listen(0)
  const config: Record<string, Record<string, unknown>> = {}
  const runtime = createUniCloudRuntime({ cloudRoot: CLOUD_ROOT, config, log })
  const { url: runtimeUrl } = await runtime.listen(0)
  const devConfig = emulator.devConfig({ emulatorUrl, runtimeUrl }) as Record<string, Record<string, unknown>>
  config[CONFIG_PLUGIN_ID] = { ...devConfig, token: { ...devConfig.token, ...options.token } }

  const invoke: UniCloudRuntime['invoke'] = async (name, method, params, ctx) => {
    const answer = await runtime.invoke(name, method, params, ctx)
    answers.push(JSON.stringify(answer))
    return answer
  }
  const target: LoginTarget = { runtime: { invoke }, emulatorUrl }
  return {
    runtime,
    emulator,
    emulatorUrl,
    runtimeUrl,
    creds: emulator.credentials(),
    config,
    logs,
    answers,
    target,
    call: (method, params = [], token) =>
      invoke('weixinLogin', method, withKitToken(params, token), { clientInfo: { uniPlatform: 'mp-weixin' } }) as Promise<Answer>,
    callAs: (client, method, params = [], token) =>
      invoke('weixinLogin', method, withKitToken(params, token), {
        clientInfo: client.clientInfo,
        clientIP: client.clientIP,
        userAgent: client.userAgent,
      }) as Promise<Answer>,
    control: (method, p, body) => emulatorControl(emulatorUrl, method, p, body),
    code: (userKey) => loginCode(emulatorUrl, userKey),
    async close() {
      await Promise.allSettled([runtime.close(), emulator.close()])
    },
  }
}

/** The current config section of the stack. */
function section(stack: LoginStack, name: string): Record<string, unknown> {
  return stack.config[CONFIG_PLUGIN_ID][name] as Record<string, unknown>
}

/**
 * Every secret the stack holds right now: the apps' secrets, the token and
 * sealing keys, every session_key and cached access_token / jsapi_ticket
 * (decrypted from the database with the configured key).
 */
export async function knownSecrets(stack: LoginStack): Promise<Array<{ what: string; value: string }>> {
  const secrets: Array<{ what: string; value: string }> = []
  for (const [name, app] of Object.entries(stack.creds.apps)) secrets.push({ what: `${name} appsecret`, value: app.secret })
  secrets.push({ what: 'token.secret', value: String(section(stack, 'token').secret) })
  const sealingKeyBase64 = String(stack.config[CONFIG_PLUGIN_ID].sessionKeyEncryptionKey)
  secrets.push({ what: 'sessionKeyEncryptionKey', value: sealingKeyBase64 })
  const key = secretBoxKey(sealingKeyBase64)
  const db = stack.runtime.database() as unknown as Database
  const { data: keys } = await db.collection<{ appid: string; openid: string }>('wxkit-session-keys').limit(1000).get()
  for (const doc of keys) {
    const sessionKey = await readSessionKey({ db, key }, doc.appid, doc.openid)
    if (sessionKey) secrets.push({ what: 'session_key', value: sessionKey })
  }
  const { data: credentials } = await db.collection<{ _id: string; sealed?: string }>('wxkit-credentials').limit(1000).get()
  for (const doc of credentials) if (doc.sealed) secrets.push({ what: doc._id, value: open(key, doc.sealed, doc._id) })
  return secrets
}

/** Assert that no captured answer or log line contains any known secret (nor its URL-encoded form). */
export async function expectNoSecretLeaked(stack: LoginStack, expected: { sessionKeys?: boolean; credentials?: boolean } = {}): Promise<void> {
  const secrets = await knownSecrets(stack)
  if (expected.sessionKeys) expect(secrets.some((s) => s.what === 'session_key')).toBe(true)
  if (expected.credentials) expect(secrets.some((s) => s.what.startsWith('access_token.'))).toBe(true)
  expect(stack.answers.length).toBeGreaterThan(0)
  expect(stack.logs.length).toBeGreaterThan(0)
  const haystacks = [...stack.answers.map((a) => ({ kind: 'answer', text: a })), ...stack.logs.map((l) => ({ kind: 'log', text: l }))]
  for (const { what, value } of secrets) {
    const forms = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])
    for (const { kind, text } of haystacks) {
      for (const form of forms) {
        if (text.includes(form)) throw new Error(`${what} leaked into a ${kind}: ${text.slice(0, 200)}`)
      }
    }
  }
}

/** The emulator's call log entries for a production path. */
export async function wechatCalls(stack: LoginStack, pathname: string): Promise<Array<{ errcode?: number; fault?: string; path: string }>> {
  const entries = await stack.control<Array<{ kind: string; path: string; errcode?: number; fault?: string }>>('GET', '/log')
  return entries.filter((e) => e.kind === 'call' && e.path.split('?')[0] === pathname)
}

/** Arm an emulator fault on a production endpoint. */
export function fault(stack: LoginStack, endpoint: string, times: number, action: { errcode?: number; hangMs?: number }): Promise<unknown> {
  return stack.control('POST', '/faults', { endpoint, times, ...action })
}
