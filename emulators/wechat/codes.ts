import { randomBytes } from 'node:crypto'
import { CODE_TTL_SECONDS } from './constants'
import type { EmulatorCore } from './core'
import { WxApiError } from './errors'
import { randomAlnum } from './random'
import type { IssuedCode } from './state'

/**
 * One-time codes (wx.login, web OAuth, getPhoneNumber): issued per (appid,
 * user), valid 5 minutes of business time, exchangeable once.
 */

/** Issue a code of a kind for a user of an app. */
export function issueCode(
  core: EmulatorCore,
  kind: IssuedCode['kind'],
  appid: string,
  user: string,
  scope?: string,
): string {
  core.state.user(user)
  const code = randomAlnum(32)
  core.state.codes.set(code, { code, kind, appid, user, scope, issuedAt: core.clock.now() })
  return code
}

/** How a code kind is spent: what a reused code answers, and a check before spending. */
export interface ConsumeOptions {
  /** 40163 (code been used) for login and OAuth codes; phone codes answer 40029 (their docs list only that). */
  usedErrcode?: number
  /** 40029 by default; a phone code exchanged with another app's access_token answers 40013 (invalid appid). */
  otherAppErrcode?: number
  /** Runs before the code is marked used; throwing leaves it unspent. */
  check?: (issued: IssuedCode) => void
}

/**
 * Spend a code: 40029 when unknown, of another kind or app (`otherAppErrcode`), or expired;
 * `usedErrcode` (40163) when already used.
 */
export function consumeCode(
  core: EmulatorCore,
  kind: IssuedCode['kind'],
  appid: string,
  code: string,
  options: ConsumeOptions = {},
): IssuedCode {
  const issued = core.state.codes.get(code)
  if (!issued || issued.kind !== kind) throw new WxApiError(40029)
  if (issued.appid !== appid) throw new WxApiError(options.otherAppErrcode ?? 40029)
  if (issued.usedAt !== undefined) throw new WxApiError(options.usedErrcode ?? 40163)
  if (core.clock.now() - issued.issuedAt >= CODE_TTL_SECONDS * 1000) throw new WxApiError(40029)
  options.check?.(issued)
  issued.usedAt = core.clock.now()
  return issued
}

/** A fresh session_key for (appid, user): the previous one stops being valid. */
export function rotateSessionKey(core: EmulatorCore, appid: string, user: string): string {
  const sessionKey = randomBytes(16).toString('base64')
  core.state.sessionKeys.set(`${appid}|${user}`, sessionKey)
  return sessionKey
}

/** The current session_key of (appid, user), if the user logged in. */
export function currentSessionKey(core: EmulatorCore, appid: string, user: string): string | undefined {
  return core.state.sessionKeys.get(`${appid}|${user}`)
}
