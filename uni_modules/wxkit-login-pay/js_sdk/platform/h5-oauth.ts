/**
 * WeChat web OAuth for H5: inside the WeChat browser (official account,
 * snsapi_base / snsapi_userinfo) and QR login on a desktop browser
 * (website app, snsapi_login).
 *
 * Field failures this guards against: the used code left in the URL and
 * replayed on refresh/back/share (stripped before it is exchanged); hash routers
 * losing `?code` (we return to the page root and keep the path ourselves); a
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

/** The code and state WeChat put in the URL, removed from the address bar at once. */
export function takeOAuthParams(): { code: string; state: string } | undefined {
  const url = new URL(location.href)
  const code = url.searchParams.get('code')
  const state = url.searchParams.get('state')
  if (!code || state === null) return undefined
  url.searchParams.delete('code')
  url.searchParams.delete('state')
  history.replaceState(history.state, '', url.pathname + url.search + url.hash)
  return { code, state }
}

/**
 * On launch: when WeChat just sent the user back, exchange the code (once) and
 * answer the login plus where to go next. Undefined when there is nothing to do.
 */
export async function completeOAuth(): Promise<{ answer: LoginAnswer; returnPath: string } | undefined> {
  const params = takeOAuthParams()
  if (!params) return undefined
  const expected = sessionStorage.getItem(STATE_KEY)
  const returnPath = sessionStorage.getItem(RETURN_KEY) || wxkitAppConfig().homePage
  sessionStorage.removeItem(STATE_KEY)
  sessionStorage.removeItem(RETURN_KEY)
  if (!expected || expected !== params.state) {
    throw Object.assign(new Error('oauth state mismatch'), { errCode: 'OAUTH_STATE_INVALID', errMsg: 'login was not started here' })
  }
  // The code was in the URL (history, Referer, access logs): the server answers it once, plus this attempt's own retry.
  const answer = await loginWithOAuthCode(params)
  sessionStorage.removeItem(ATTEMPTS_KEY)
  return { answer, returnPath }
}
