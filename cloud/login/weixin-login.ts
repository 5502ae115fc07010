import type { Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import type { WechatClient } from '../wechat/client'
import { getJsapiTicket, withAccessToken, type AppCredentials, type CredentialCacheOptions } from '../wechat/credential-cache'
import { jsSdkSignature } from '../wechat/jssdk'
import { randomId, type Env } from '../shared/env'
import { claimCode, completeCode, releaseCode, type CodeCacheOptions } from './login-codes'
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

/** What a code's cache entry keeps: enough to answer a duplicate the same way. */
interface CachedLogin {
  userId: string
  sessionId: string
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

/** Answer a duplicate of a login code: the same user and session. */
async function replay(deps: LoginDeps, cached: CachedLogin): Promise<LoginAnswer> {
  const session = await getSession(deps.db, cached.sessionId)
  if (!session || session.status !== 'active' || session.refreshExpiresAt <= deps.env.now()) {
    throw new CloudError('WX_CODE_USED', 'WeChat code already used')
  }
  const user = await getUser(deps.db, cached.userId)
  return { user: toUserView(user), ...(await grantFor(deps, session)) }
}

async function loginWith(
  deps: LoginDeps,
  appid: string,
  code: string,
  clientIP: string | undefined,
  exchange: () => Promise<Exchanged>,
): Promise<LoginAnswer> {
  const limits = limitsOf(deps)
  await enforce(deps, limits.perIp, clientIP || 'unknown')
  const claim = await claimCode<CachedLogin>(deps, appid, code, deps.codeCache)
  if (claim.kind === 'done') return replay(deps, claim.result)
  try {
    const { identity, sessionKey, profile } = await exchange()
    await enforce(deps, limits.perOpenid, `${identity.appid}\n${identity.openid}`)
    if (sessionKey) await saveSessionKey({ db: deps.db, key: deps.sealingKey, env: deps.env }, identity.appid, identity.openid, sessionKey)
    let { user } = await findOrCreateUser(deps, identity)
    if (profile) user = await fillProfileIfEmpty(deps, user, profile)
    const { session, grant } = await createSession(deps, { userId: user._id, appid: identity.appid, clientIP })
    await completeCode<CachedLogin>(deps, appid, code, claim.owner, { userId: user._id, sessionId: session._id })
    return { user: toUserView(user), ...grant }
  } catch (error) {
    await releaseCode(deps, appid, code, claim.owner).catch(() => undefined)
    throw error
  }
}

/** Mini program login: `wx.login` code → jscode2session → user → session. */
export function loginWithCode(deps: LoginDeps, app: AppCredentials, input: { code: string; clientIP?: string }): Promise<LoginAnswer> {
  return loginWith(deps, app.appId, input.code, input.clientIP, async () => {
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
  input: { code: string; platform: Extract<Platform, 'officialAccount' | 'website'>; clientIP?: string },
): Promise<LoginAnswer> {
  return loginWith(deps, app.appId, input.code, input.clientIP, async () => {
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
