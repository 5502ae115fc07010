/**
 * WeChat web OAuth for H5: inside the WeChat browser (official account,
 * snsapi_base / snsapi_userinfo) and QR login on a desktop browser
 * (website app, snsapi_login).
 *
 * Field failures this guards against: the used code left in the URL and
 * replayed on refresh/back/share (stripped before the router starts, see
 * captureOAuthReturn); hash routers losing `?code` (we return to the page root
 * and keep the path ourselves) or reading WeChat's `#wechat_redirect` as a page; a
 * session that is never saved causing an endless redirect (loop breaker); CSRF
 * (the state, signed and expiring on the server, must also match the one this
 * tab started with).
 */
import { wxkitAppConfig } from '../app-config'
import { loginWithOAuthCode, weixinLoginService, type LoginAnswer } from '../services/weixin-login'

const STATE_KEY = 'wxkit_oauth_state'
const RETURN_KEY = 'wxkit_oauth_return'
const ATTEMPTS_KEY = 'wxkit_oauth_attempts'
const MAX_ATTEMPTS = 3
const ATTEMPT_WINDOW_MS = 2 * 60 * 1000

export type OAuthScope = 'snsapi_base' | 'snsapi_userinfo' | 'snsapi_login'

function recentAttempts(now: number): number[] {
  const list = JSON.parse(sessionStorage.getItem(ATTEMPTS_KEY) ?? '[]') as number[]
  return list.filter((t) => now - t < ATTEMPT_WINDOW_MS)
}

/** True when redirecting again would likely loop (too many attempts just now). */
export function oauthLooping(now = Date.now()): boolean {
  return recentAttempts(now).length >= MAX_ATTEMPTS
}

/** Leave for WeChat's authorize (or QR) page; returns only if the loop breaker stops it. */
export async function startOAuth(scope: OAuthScope, returnPath: string, now = Date.now()): Promise<void> {
  if (oauthLooping(now)) throw Object.assign(new Error('oauth loop'), { errCode: 'OAUTH_LOOP', errMsg: 'too many login redirects' })
  const redirect = location.origin + location.pathname
  const { url } = await weixinLoginService.getOAuthUrl({ scope, redirect })
  const state = new URL(url).searchParams.get('state') ?? ''
  sessionStorage.setItem(STATE_KEY, state)
  sessionStorage.setItem(RETURN_KEY, returnPath)
  sessionStorage.setItem(ATTEMPTS_KEY, JSON.stringify([...recentAttempts(now), now]))
  location.href = url
}

/** What WeChat's redirect brought back: `code` is absent when the user refused or cancelled. */
export interface OAuthReturn {
  code?: string
  state: string
}

// Kept between captureOAuthReturn (before the router starts) and completeOAuth (on launch).
let captured: OAuthReturn | undefined

/**
 * Call once in main.ts, before the app is created (H5): when the page was
 * opened by WeChat's OAuth redirect, take `code` and `state` out of the address
 * bar and keep them for `completeOAuth`, and drop the `#wechat_redirect`
 * fragment. That fragment ends WeChat's authorize URL, and a browser keeps a
 * fragment across a redirect whose Location has none, so the app comes back as
 * `/?code=…&state=…#wechat_redirect`: left there, the hash router looks for a
 * page "/wechat_redirect" (Vue Router's "No match found" warning) and, when the
 * login cannot complete, shows a blank page.
 */
export function captureOAuthReturn(): OAuthReturn | undefined {
  const url = new URL(location.href)
  const code = url.searchParams.get('code')
  const state = url.searchParams.get('state')
  const wechatFragment = url.hash === '#wechat_redirect'
  // A return from WeChat: a code, WeChat's fragment, or (a refusal) just the state this tab sent.
  const ours = state !== null && (code !== null || wechatFragment || state === sessionStorage.getItem(STATE_KEY))
  if (!ours && !wechatFragment) return undefined
  if (ours) {
    url.searchParams.delete('code')
    url.searchParams.delete('state')
    captured = code ? { code, state } : { state }
  }
  if (wechatFragment) url.hash = ''
  history.replaceState(history.state, '', url.pathname + url.search + url.hash)
  return captured
}

/** How the return from WeChat ended: logged in, or cancelled by the user; `returnPath` is where to go. */
export type OAuthOutcome = { kind: 'login'; answer: LoginAnswer; returnPath: string } | { kind: 'cancelled'; returnPath: string }

/**
 * On launch: when WeChat just sent the user back (see captureOAuthReturn),
 * exchange the code (once) and answer the outcome plus where to go next.
 * Undefined when there is nothing to do. Throws (a stable errCode) for a return
 * this tab did not start or a code that no longer works: a used callback URL
 * opened again lands there.
 */
export async function completeOAuth(): Promise<OAuthOutcome | undefined> {
  const params = captured ?? captureOAuthReturn()
  captured = undefined
  if (!params) return undefined
  const expected = sessionStorage.getItem(STATE_KEY)
  const returnPath = sessionStorage.getItem(RETURN_KEY) || wxkitAppConfig().homePage
  sessionStorage.removeItem(STATE_KEY)
  sessionStorage.removeItem(RETURN_KEY)
  if (!expected || expected !== params.state) {
    throw Object.assign(new Error('oauth state mismatch'), { errCode: 'OAUTH_STATE_INVALID', errMsg: 'login was not started here' })
  }
  if (!params.code) {
    sessionStorage.removeItem(ATTEMPTS_KEY)
    return { kind: 'cancelled', returnPath }
  }
  // The code was in the URL (history, Referer, access logs): the server answers it once, plus this attempt's own retry.
  const answer = await loginWithOAuthCode({ code: params.code, state: params.state })
  sessionStorage.removeItem(ATTEMPTS_KEY)
  return { kind: 'login', answer, returnPath }
}
