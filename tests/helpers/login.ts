/**
 * Test helper: a logged-in user, through the real path (an emulator-issued
 * wx.login code → weixinLogin.login in the local uniCloud runtime). For the
 * login tests and for anything that needs an authenticated caller (pay).
 *
 *   const stack = await startLocalStack({ persistent: false })
 *   const alice = await loginAs(loginTarget(stack), 'alice')
 *   await callAs(loginTarget(stack), alice, 'pay', 'createOrder', [{ … }])
 */
import type { UniCloudRuntime } from '../../emulators/unicloud'

/** Where to log in: a runtime serving the built weixinLogin, and the WeChat emulator it is configured for. */
export interface LoginTarget {
  runtime: Pick<UniCloudRuntime, 'invoke'>
  emulatorUrl: string
}

/** What a successful login answers (the fields the helper relies on). */
export interface LoginAnswer {
  errCode: 0
  user: { userId: string; nickname: string; avatarUrl: string; hasPhone: boolean; phoneMasked?: string }
  accessToken: string
  accessTokenExpired: number
  refreshToken: string
  refreshTokenExpired: number
}

/** A logged-in simulated WeChat user. */
export interface LoggedInUser {
  /** The emulator's name for the WeChat user ('alice'). */
  userKey: string
  userId: string
  /** The access token (what the client sends as the KitAuth last parameter). */
  token: string
  refreshToken: string
  /** The user's openid under the mini program (the payer openid of JSAPI payments). */
  openid: string
  answer: LoginAnswer
}

/** The login target of a stack from emulators/start.ts. */
export function loginTarget(stack: { runtime: Pick<UniCloudRuntime, 'invoke'>; locator: { emulatorUrl: string } }): LoginTarget {
  return { runtime: stack.runtime, emulatorUrl: stack.locator.emulatorUrl }
}

/** A JSON call to a WeChat emulator control (`/__emulator/v1/<path>`). */
export async function emulatorControl<T = Record<string, unknown>>(emulatorUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulatorUrl}/__emulator/v1${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`emulator ${method} ${path} answered ${response.status}: ${text}`)
  return (text ? JSON.parse(text) : undefined) as T
}

/** A fresh wx.login code for a simulated user (mini program unless `appid` says otherwise). */
export async function loginCode(emulatorUrl: string, userKey: string, appid?: string): Promise<string> {
  const { code } = await emulatorControl<{ code: string }>(emulatorUrl, 'POST', '/login/code', appid ? { user: userKey, appid } : { user: userKey })
  return code
}

/** Log a simulated WeChat user in through weixinLogin.login; throws with the errCode when it fails. */
export async function loginAs(target: LoginTarget, userKey = 'alice'): Promise<LoggedInUser> {
  const code = await loginCode(target.emulatorUrl, userKey)
  const answer = (await target.runtime.invoke('weixinLogin', 'login', [{ code }], { clientInfo: { uniPlatform: 'mp-weixin' } })) as
    | LoginAnswer
    | { errCode: string; errMsg: string }
  if (answer.errCode !== 0) throw new Error(`login of ${userKey} failed: ${answer.errCode} ${(answer as { errMsg: string }).errMsg}`)
  const ok = answer as LoginAnswer
  const view = await emulatorControl<{ openids: { mp: string } }>(target.emulatorUrl, 'GET', `/users/${encodeURIComponent(userKey)}`)
  return {
    userKey,
    userId: ok.user.userId,
    token: ok.accessToken,
    refreshToken: ok.refreshToken,
    openid: view.openids.mp,
    answer: ok,
  }
}

/** A call's parameters as the kit's client sends them: the input (or `{}`), then the token (`KitAuth`) if any. */
export function withKitToken(params: unknown[], token?: string): unknown[] {
  const input = params.length > 0 ? params : [{}]
  return token ? [...input, { wxkitAuth: { token } }] : input
}

/** Call a cloud object method as a logged-in user (its token in the KitAuth last parameter). */
export function callAs(target: LoginTarget, user: Pick<LoggedInUser, 'token'>, object: string, method: string, params: unknown[] = []): Promise<unknown> {
  return target.runtime.invoke(object, method, withKitToken(params, user.token), { clientInfo: { uniPlatform: 'mp-weixin' } })
}
