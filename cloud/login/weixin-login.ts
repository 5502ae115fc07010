import type { Database } from '../shared/database'
import { CloudError } from '../shared/errors'
import type { PhoneInfo, WechatClient } from '../wechat/client'
import { WechatApiError } from '../wechat/errors'
import { getJsapiTicket, withAccessToken, type AppCredentials, type CredentialCacheOptions } from '../wechat/credential-cache'
import { jsSdkSignature } from '../wechat/jssdk'
import { randomId, type Env } from '../shared/env'
import { claimCode, clientBinding, codeUsed, completeCode, releaseCode, type CodeCacheOptions, type LoginClient } from './login-codes'
import { enforce, type RateLimitRule } from '../shared/rate-limit'
import { readSessionKey, saveSessionKey } from './session-keys'
import { OPEN_DATA_FIELDS, openEncryptedData, type OpenDataKind } from './open-data'
import { exchangePhoneCodeOnce, type PhoneCodeKind } from './phone-codes'
import { createSession, getSession, grantFor, type SessionGrant, type TokenSettings } from './sessions'
import { fillProfileIfEmpty, findOrCreateUser, getUser, openidFor, setPhone, toUserView, type Platform, type UserRecord, type UserView, type WechatIdentity } from './users'

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
 * Bind the phone number from a phone button's code (mini program): either
 * button's code (`quick` getPhoneNumber, `realtime` getRealtimePhoneNumber) is
 * exchanged at getuserphonenumber with the mini program's access_token and the
 * caller's openid, once (`phone-codes.ts`): the same user's repeat of a code
 * answers the bound user again, anyone else's PHONE_CODE_USED; another user's
 * unspent code is WX_CODE_INVALID (WeChat checks the openid).
 */
export async function bindPhone(
  deps: LoginDeps,
  app: AppCredentials,
  userId: string,
  input: { code: string; kind?: PhoneCodeKind },
): Promise<UserRecord> {
  const kind = input.kind ?? 'quick'
  // With the caller's openid WeChat itself refuses another user's code (40003) and leaves it unspent.
  const openid = await openidFor(deps.db, userId, app.appId)
  await exchangePhoneCodeOnce(deps, app.appId, input.code, { userId, kind }, async () => {
    let info: PhoneInfo
    try {
      info = await withAccessToken(credentialDeps(deps), deps.wechat, app, (accessToken) =>
        deps.wechat.getUserPhoneNumber({ accessToken, code: input.code, ...(openid ? { openid } : {}) }),
      )
    } catch (error) {
      if (error instanceof WechatApiError && error.errcode === 40003) throw new CloudError('WX_CODE_INVALID', 'phone code was issued to another user')
      throw error
    }
    if (info.watermark.appid && info.watermark.appid !== app.appId) {
      throw new CloudError('WX_UPSTREAM_ERROR', 'phone number was issued for another app')
    }
    await setPhone(deps, userId, { phone: info.purePhoneNumber, countryCode: info.countryCode, verifiedBy: kind })
  })
  return getUser(deps.db, userId)
}

/**
 * Open the mini program's encrypted open data (`kind` 'werun': wx.getWeRunData)
 * with the session_key the server holds for the user under the mini program,
 * and answer only its business fields — never the key. SESSION_KEY_STALE when
 * no key is held or it no longer opens the data (the user's session_key
 * changed): the client logs in again (wx.login) and fetches the data afresh.
 */
export async function decryptUserData(
  deps: LoginDeps,
  app: AppCredentials,
  userId: string,
  input: { encryptedData: string; iv: string; kind: OpenDataKind },
): Promise<ReturnType<(typeof OPEN_DATA_FIELDS)[OpenDataKind]>> {
  const openid = await openidFor(deps.db, userId, app.appId)
  let sessionKey: string | undefined
  try {
    sessionKey = openid ? await readSessionKey({ db: deps.db, key: deps.sealingKey }, app.appId, openid) : undefined
  } catch {
    // Sealed under another sealing key (rotated config): a new login stores a fresh one.
    sessionKey = undefined
  }
  if (!sessionKey) throw new CloudError('SESSION_KEY_STALE', 'no session_key is held for this user')
  const opened = openEncryptedData({
    sessionKey,
    encryptedData: input.encryptedData,
    iv: input.iv,
    appid: app.appId,
    nowSeconds: Math.floor(deps.env.now() / 1000),
  })
  return OPEN_DATA_FIELDS[input.kind](opened)
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
