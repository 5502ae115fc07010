import { authenticate, type SessionDeps } from './sessions'
import { openidFor } from './users'

/** An authenticated caller, with the openid other objects (pay) need. */
export interface Caller {
  userId: string
  sessionId: string
  /** The app the session was opened through. */
  appid: string
  /** The caller's openid under the requested app; undefined when they never logged in through it. */
  openid?: string
}

/**
 * Authenticate the caller of any cloud object from `this.getUniIdToken()` and
 * look up their openid under `appid` (default: the app of the session) — the
 * payer openid of a JSAPI payment. Throws TOKEN_MISSING, TOKEN_INVALID or
 * TOKEN_EXPIRED as `weixinLogin` does, so the client's refresh-and-replay
 * works the same for every object.
 *
 * ```ts
 * const caller = await authenticateCaller(
 *   { db: getUniCloud().database(), token: getConfig(['token']).token, env: systemEnv },
 *   this.getUniIdToken(),
 *   { appid: wxpay.appId },
 * )
 * if (!caller.openid) throw new CloudError(…) // the user never logged in through that app
 * ```
 */
export async function authenticateCaller(deps: SessionDeps, token: unknown, options: { appid?: string } = {}): Promise<Caller> {
  const session = await authenticate(deps, token)
  const appid = options.appid ?? session.appid
  const openid = await openidFor(deps.db, session.userId, appid)
  return openid ? { ...session, openid } : session
}
