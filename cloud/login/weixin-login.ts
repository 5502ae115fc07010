import type { Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import type { WechatClient } from '../wechat/client'
import { getJsapiTicket, withAccessToken, type AppCredentials, type CredentialCacheOptions } from '../wechat/credential-cache'
import { jsSdkSignature } from '../wechat/jssdk'
import { randomId, type Env } from '../shared/env'
import { claimCode, clientBinding, codeUsed, completeCode, releaseCode, type CodeCacheOptions, type LoginClient } from './login-codes'
import { enforce, type RateLimitRule } from '../shared/rate-limit'
import { saveSessionKey } from './session-keys'
import { createSession, getSession, grantFor, type SessionGrant, type TokenSettings } from './sessions'
import { fillProfileIfEmpty, findOrCreateUser, getUser, setPhone, toUserView, type Platform, type UserRecord, type UserView, type WechatIdentity } from './users'

/**
 * The login flows, from a WeChat code to a session: rate limits, the code
 * cache, the exchange with WeChat, the session_key store, the user store and
 * the session. Knows nothing of cloud objects; the weixinLogin object is a
 * thin shell around these functions.
 */

/** Everything the flows need. */
export interface LoginDeps {
  db: Database
  env: Env
  wechat: WechatClient
  token: TokenSettings
  /** The 32-byte key sealing session_keys and cached credentials. */
  sealingKey: Uint8Array
  warn?: (line: string) => void
  limits?: Partial<LoginLimits>
  codeCache?: CodeCacheOptions
  credentials?: CredentialCacheOptions
}

/** Login rate limits. */
export interface LoginLimits {
  perIp: RateLimitRule
  perOpenid: RateLimitRule
}

/**
 * Per client IP: generous, since carrier NAT puts many users behind one
 * address. Per openid: below WeChat's own ~100/min per user for jscode2session,
 * so one user hammering login cannot push the app into 45011.
 */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perIp: { name: 'login-ip', limit: 300, windowSeconds: 60 },
  perOpenid: { name: 'login-openid', limit: 60, windowSeconds: 60 },
}

/** What every login answers. */
export type LoginAnswer = { user: UserView } & SessionGrant

/** What a code's cache entry keeps: enough to answer the same client's retry the same way, and no token. */
interface CachedLogin {
  userId: string
  sessionId: string
  /** The session's generation when the code's login opened it; a retry is answered only while it is unchanged. */
  generation: number
}

interface Exchanged {
  identity: WechatIdentity
  sessionKey?: string
  profile?: { nickname?: string; avatarUrl?: string }
}

function limitsOf(deps: LoginDeps): LoginLimits {
  return { ...DEFAULT_LOGIN_LIMITS, ...deps.limits }
}

function credentialDeps(deps: LoginDeps) {
  return { db: deps.db, env: deps.env, key: deps.sealingKey, options: deps.credentials }
}

/**
 * Answer the same client's retry of a login: the same user and session, while
 * the session is still where that login left it. Refreshed since (the refresh
 * token of the first answer is dead) or ended: LOGIN_CODE_USED, nothing else.
 */
async function replay(deps: LoginDeps, cached: CachedLogin): Promise<LoginAnswer> {
  const session = await getSession(deps.db, cached.sessionId)
  if (!session || session.status !== 'active' || session.refreshExpiresAt <= deps.env.now() || session.generation !== cached.generation) {
    throw codeUsed()
  }
  const user = await getUser(deps.db, cached.userId)
  return { user: toUserView(user), ...(await grantFor(deps, session)) }
}

async function loginWith(
  deps: LoginDeps,
  call: string,
  appid: string,
  code: string,
  client: LoginClient,
  exchange: () => Promise<Exchanged>,
): Promise<LoginAnswer> {
  const limits = limitsOf(deps)
  const clientIP = client.clientIP
  await enforce(deps, limits.perIp, clientIP || 'unknown')
  let claim
  try {
    claim = await claimCode<CachedLogin>(deps, appid, code, clientBinding(call, client), deps.codeCache)
  } catch (error) {
    // A used code from another client may be a leaked one (an H5 return URL): worth a line, with no code and no IP.
    if (error instanceof CloudError && error.code === 'LOGIN_CODE_USED') deps.warn?.(`[login] ${call}: a used login code was presented again; refused`)
    throw error
  }
  if (claim.kind === 'done') return replay(deps, claim.result)
  try {
    const { identity, sessionKey, profile } = await exchange()
    await enforce(deps, limits.perOpenid, `${identity.appid}\n${identity.openid}`)
    if (sessionKey) await saveSessionKey({ db: deps.db, key: deps.sealingKey, env: deps.env }, identity.appid, identity.openid, sessionKey)
    let { user } = await findOrCreateUser(deps, identity)
    if (profile) user = await fillProfileIfEmpty(deps, user, profile)
    const { session, grant } = await createSession(deps, { userId: user._id, appid: identity.appid, clientIP })
    await completeCode<CachedLogin>(deps, appid, code, claim.owner, { userId: user._id, sessionId: session._id, generation: session.generation })
    return { user: toUserView(user), ...grant }
  } catch (error) {
    await releaseCode(deps, appid, code, claim.owner).catch(() => undefined)
    throw error
  }
}

/**
 * Mini program login: `wx.login` code → jscode2session → user → session. A
 * repeated code is answered only for the same `client`'s retry (see login-codes.ts).
 */
export function loginWithCode(deps: LoginDeps, app: AppCredentials, input: { code: string; client?: LoginClient }): Promise<LoginAnswer> {
  return loginWith(deps, 'login', app.appId, input.code, input.client ?? {}, async () => {
    const answer = await deps.wechat.jscode2session({ appid: app.appId, secret: app.appSecret, code: input.code })
    return {
      identity: { appid: app.appId, openid: answer.openid, platform: 'mp', ...(answer.unionid ? { unionid: answer.unionid } : {}) },
      sessionKey: answer.sessionKey,
    }
  })
}

/**
 * Web login: an OAuth code of the official account (in the WeChat browser) or
 * of the website app (desktop QR) → access_token (+ userinfo when the scope
 * allows) → user → session. WeChat's user-level OAuth tokens are not kept.
 */
export function loginWithOAuth(
  deps: LoginDeps,
  app: AppCredentials,
  input: { code: string; platform: Extract<Platform, 'officialAccount' | 'website'>; client?: LoginClient },
): Promise<LoginAnswer> {
  return loginWith(deps, `loginByOAuth:${input.platform}`, app.appId, input.code, input.client ?? {}, async () => {
    const grant = await deps.wechat.oauthAccessToken({ appid: app.appId, secret: app.appSecret, code: input.code })
    let unionid = grant.unionid
    let profile: Exchanged['profile']
    if (/snsapi_(userinfo|login)/.test(grant.scope)) {
      try {
        const info = await deps.wechat.oauthUserInfo({ accessToken: grant.accessToken, openid: grant.openid })
        unionid ??= info.unionid
        profile = { nickname: info.nickname || undefined, avatarUrl: info.headimgurl || undefined }
      } catch (error) {
        // The login itself succeeded; a profile is a nicety.
        if (!(error instanceof CloudError)) throw error
        deps.warn?.(`[login] userinfo unavailable (${error.code}); continuing without profile`)
      }
    }
    return {
      identity: { appid: app.appId, openid: grant.openid, platform: input.platform, ...(unionid ? { unionid } : {}) },
      ...(profile ? { profile } : {}),
    }
  })
}

/**
 * Bind the phone number from a `getPhoneNumber` button code (mini program):
 * getuserphonenumber with the mini program's access_token.
 */
export async function bindPhone(deps: LoginDeps, app: AppCredentials, userId: string, code: string): Promise<UserRecord> {
  const info = await withAccessToken(credentialDeps(deps), deps.wechat, app, (accessToken) =>
    deps.wechat.getUserPhoneNumber({ accessToken, code }),
  )
  if (info.watermark.appid && info.watermark.appid !== app.appId) {
    throw new CloudError('WX_UPSTREAM_ERROR', 'phone number was issued for another app')
  }
  return setPhone(deps, userId, { phone: info.purePhoneNumber, countryCode: info.countryCode })
}

/** The `wx.config` parameters of the official account for a page URL. */
export async function jsSdkConfig(
  deps: LoginDeps,
  app: AppCredentials,
  url: string,
): Promise<{ appId: string; timestamp: number; nonceStr: string; signature: string }> {
  const ticket = await getJsapiTicket(credentialDeps(deps), deps.wechat, app)
  const timestamp = Math.floor(deps.env.now() / 1000)
  const nonceStr = randomId(deps.env, 12)
  return { appId: app.appId, timestamp, nonceStr, signature: jsSdkSignature({ ticket, nonceStr, timestamp, url }) }
}
