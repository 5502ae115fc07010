import * as v from 'valibot'
import { defineCloudObject, kitTokenOf, type ClientInfo } from '../../shared/cloud-object'
import { getConfig, type AppConfig } from '../../shared/config'
import { createUniCloudHttpClient } from '../../shared/http'
import { normaliseAnswer } from '../../shared/lifecycle'
import { getUniCloud } from '../../shared/unicloud'
import { parseInput } from '../../shared/validation'
import { AVATAR_EXTENSIONS, prepareAvatar } from '../../login/avatar'
import { systemEnv } from '../../shared/env'
import { purgeLoginCodes, type LoginClient } from '../../login/login-codes'
import { createOAuthState, verifyOAuthState, type OAuthScope } from '../../login/oauth-state'
import { purgeRateLimits } from '../../shared/rate-limit'
import { secretBoxKey } from '../../shared/secret-box'
import { authenticateCall, callerOf } from '../../login/caller'
import {
  purgeEndedSessions,
  refreshSession,
  revokeSession,
  verifyAccessToken,
  type SessionDeps,
} from '../../login/sessions'
import { getUser, toUserView, updateProfile, type UserView } from '../../login/users'
import { bindPhone, decryptUserData, jsSdkConfig, loginWithCode, loginWithOAuth, type LoginAnswer, type LoginDeps } from '../../login/weixin-login'
import { createWechatClient } from '../../wechat/client'
import { oauthAuthorizeUrl } from '../../wechat/oauth-urls'

/**
 * WeChat login: mini program (`login`), WeChat browser and desktop QR
 * (`getOAuthUrl` → `loginByOAuth`), sessions (`refreshToken`, `logout`) and
 * the profile (`me`, `updateProfile`, `bindPhone`), the mini program's encrypted
 * open data (`decryptData`), plus `getJsSdkConfig` for H5 sharing. The logic
 * lives in cloud/login and cloud/wechat.
 */

const NAME = 'weixinLogin'
/** Methods that need a valid access token; `_before` authenticates them. */
const AUTHENTICATED = new Set(['me', 'updateProfile', 'bindPhone', 'decryptData'])
/** Ended sessions are kept this long (audit of reuse revocations) before the daily purge. */
const ENDED_SESSION_KEEP_MS = 7 * 86400_000

const printable = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max), v.regex(/^[\x21-\x7e]+$/))

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
  } catch {
    return false
  }
}

function hasNoControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return false
  }
  return true
}

const webUrl = (max: number) => v.pipe(v.string(), v.maxLength(max), v.check(isWebUrl, 'must be an http(s) URL'))

// Random per login attempt (the kit's client: 16 random bytes, base64url); a retry of the attempt sends it again.
const idempotencyKey = v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/)))
const LoginInput = v.object({ code: printable(128), idempotencyKey })
const PhoneInput = v.object({ code: printable(128), kind: v.optional(v.picklist(['quick', 'realtime'])) })
// Base64 as WeChat hands it over; WeRun's 31 days are about 2 KB, so 16 KB is ample.
const base64 = (max: number) => v.pipe(v.string(), v.minLength(4), v.maxLength(max), v.regex(/^[A-Za-z0-9+/]+={0,2}$/))
const OpenDataInput = v.object({
  encryptedData: base64(16_384),
  iv: v.pipe(base64(24), v.length(24)),
  kind: v.picklist(['werun']),
})
const OAuthUrlInput = v.object({
  scope: v.picklist(['snsapi_base', 'snsapi_userinfo', 'snsapi_login']),
  // Where WeChat sends the browser back; the hash would be lost behind WeChat's ?code.
  redirect: v.pipe(webUrl(512), v.check((url) => !url.includes('#'), 'must not contain #')),
})
const OAuthLoginInput = v.object({ code: printable(128), state: v.pipe(v.string(), v.maxLength(128)), idempotencyKey })
const RefreshInput = v.object({ refreshToken: v.pipe(v.string(), v.minLength(1), v.maxLength(256)) })
const ProfileInput = v.pipe(
  v.object({
    nickname: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.minLength(1),
        v.maxLength(32),
        v.check(hasNoControlCharacters, 'must not contain control characters'),
      ),
    ),
    avatar: v.optional(v.object({ base64: v.pipe(v.string(), v.minLength(1)), ext: v.picklist(AVATAR_EXTENSIONS) })),
  }),
  v.check((input) => input.nickname !== undefined || input.avatar !== undefined, 'nothing to change'),
)
const JsSdkInput = v.object({ url: webUrl(1024) })

type PublicUser = UserView

function sessionDeps(): SessionDeps {
  return { db: getUniCloud().database(), token: getConfig(['token']).token, env: systemEnv }
}

function loginDeps(): LoginDeps {
  const config = getConfig(['token', 'sessionKeyEncryptionKey'])
  const uniCloud = getUniCloud()
  return {
    db: uniCloud.database(),
    env: systemEnv,
    wechat: createWechatClient({
      http: createUniCloudHttpClient(),
      baseUrl: config.endpoints.weixinApi,
    }),
    token: config.token,
    sealingKey: secretBoxKey(config.sessionKeyEncryptionKey),
    warn: (line) => console.warn(line),
  }
}

const text = (value: unknown, max: number): string | undefined => (typeof value === 'string' && value ? value.slice(0, max) : undefined)

/** Who is calling a login: the attempt's idempotency key and what the request says about the client. */
function loginClient(info: ClientInfo, idempotencyKey: string | undefined): LoginClient {
  return {
    idempotencyKey,
    clientIP: text(info.clientIP, 64),
    userAgent: text(info.userAgent, 512),
    platform: text(info.uniPlatform, 32),
    appId: text(info.appId, 64),
    deviceId: text(info.deviceId, 128),
  }
}

/** The app behind a web OAuth scope: the website app for QR login, else the official account. */
function oauthApp(scope: OAuthScope): AppConfig {
  return scope === 'snsapi_login' ? getConfig(['website']).website : getConfig(['officialAccount']).officialAccount
}

export default defineCloudObject({
  async _before() {
    if (AUTHENTICATED.has(this.getMethodName())) await authenticateCall(this, sessionDeps(), kitTokenOf(this))
  },

  _after(error: unknown, result: unknown) {
    return normaliseAnswer(NAME, this.getMethodName(), error, result)
  },

  /** Timer trigger: drop expired rate-limit windows, code cache entries and long-ended sessions. */
  async _timing() {
    const deps = { db: getUniCloud().database(), env: systemEnv }
    await purgeRateLimits(deps)
    await purgeLoginCodes(deps)
    await purgeEndedSessions(deps, ENDED_SESSION_KEEP_MS)
  },

  /**
   * Mini program login with a `wx.login` code. `idempotencyKey` (random per
   * attempt) lets a retry of this call get the same answer; any other repeat
   * of the code answers LOGIN_CODE_USED.
   */
  async login(input: { code: string; idempotencyKey?: string }): Promise<LoginAnswer> {
    const { code, idempotencyKey } = parseInput(LoginInput, input)
    return loginWithCode(loginDeps(), getConfig(['mp']).mp, { code, client: loginClient(this.getClientInfo(), idempotencyKey) })
  },

  /** The WeChat authorize (or desktop QR) URL to send the browser to; `redirect` is the app URL WeChat returns to. */
  async getOAuthUrl(input: { scope: OAuthScope; redirect: string }): Promise<{ url: string }> {
    const { scope, redirect } = parseInput(OAuthUrlInput, input)
    const app = oauthApp(scope)
    const { token, endpoints } = getConfig(['token'])
    const target = new URL(redirect)
    const state = createOAuthState(token.secret, { scope, returnPath: target.pathname + target.search }, systemEnv)
    return { url: oauthAuthorizeUrl({ openBaseUrl: endpoints.weixinOpen, appid: app.appId, redirectUri: redirect, scope, state }) }
  },

  /**
   * Web login with the `code` and `state` WeChat put on the redirect. Also
   * answers the state's return path. A repeated code: as for `login`.
   */
  async loginByOAuth(input: { code: string; state: string; idempotencyKey?: string }): Promise<LoginAnswer & { returnPath: string }> {
    const { code, state, idempotencyKey } = parseInput(OAuthLoginInput, input)
    const verified = verifyOAuthState(getConfig(['token']).token.secret, state, systemEnv)
    const answer = await loginWithOAuth(loginDeps(), oauthApp(verified.scope), {
      code,
      platform: verified.scope === 'snsapi_login' ? 'website' : 'officialAccount',
      client: loginClient(this.getClientInfo(), idempotencyKey),
    })
    return { ...answer, returnPath: verified.returnPath }
  },

  /** Trade a refresh token for a new access token and refresh token (the old one dies). */
  async refreshToken(input: { refreshToken: string }): Promise<LoginAnswer> {
    const { refreshToken } = parseInput(RefreshInput, input)
    const deps = sessionDeps()
    const { session, grant } = await refreshSession(deps, refreshToken)
    return { user: toUserView(await getUser(deps.db, session.userId)), ...grant }
  },

  /** End this session on the server (an expired but authentic access token is accepted). */
  async logout(): Promise<Record<string, never>> {
    const deps = sessionDeps()
    const { sessionId } = await verifyAccessToken(deps, kitTokenOf(this), { allowExpired: true })
    await revokeSession(deps, sessionId, 'logout')
    return {}
  },

  /** The signed-in user. */
  async me(): Promise<{ user: PublicUser }> {
    return { user: toUserView(await getUser(getUniCloud().database(), callerOf(this).userId)) }
  },

  /**
   * Change nickname and/or avatar. The avatar is sent as `{ base64, ext }`
   * (PNG, JPEG or WebP, at most 512 KiB, checked by content) and stored in
   * cloud storage by the server.
   */
  async updateProfile(input: { nickname?: string; avatar?: { base64: string; ext: (typeof AVATAR_EXTENSIONS)[number] } }): Promise<{ user: PublicUser }> {
    const { nickname, avatar } = parseInput(ProfileInput, input)
    const { userId } = callerOf(this)
    const uniCloud = getUniCloud()
    const db = uniCloud.database()
    const change: { nickname?: string; avatarUrl?: string; avatarFileId?: string } = {}
    if (nickname !== undefined) change.nickname = nickname
    let previousFileId: string | undefined
    if (avatar) {
      const file = prepareAvatar(userId, avatar, systemEnv)
      const { fileID } = await uniCloud.uploadFile({ cloudPath: file.cloudPath, fileContent: file.content })
      // On Aliyun the URL is the fileID itself; asking keeps other storages (and the local runtime) right.
      const { fileList } = await uniCloud.getTempFileURL({ fileList: [fileID] })
      const avatarUrl = fileList[0]?.tempFileURL || fileID
      previousFileId = (await getUser(db, userId)).avatarFileId
      change.avatarUrl = avatarUrl
      change.avatarFileId = fileID
    }
    const user = await updateProfile({ db, env: systemEnv }, userId, change)
    if (previousFileId && previousFileId !== change.avatarFileId) {
      // Best effort: an orphaned old avatar is harmless.
      await uniCloud.deleteFile({ fileList: [previousFileId] }).catch(() => undefined)
    }
    return { user: toUserView(user) }
  },

  /**
   * Bind the phone number from a phone button's code: `kind` 'quick'
   * (getPhoneNumber, the default) or 'realtime' (getRealtimePhoneNumber, for
   * operations that need the carrier's check). A code is exchanged once; the
   * same user's repeat answers the same, anyone else's PHONE_CODE_USED.
   */
  async bindPhone(input: { code: string; kind?: 'quick' | 'realtime' }): Promise<{ user: PublicUser }> {
    const { code, kind } = parseInput(PhoneInput, input)
    const user = await bindPhone(loginDeps(), getConfig(['mp']).mp, callerOf(this).userId, { code, kind })
    return { user: toUserView(user) }
  },

  /**
   * Open the mini program's encrypted open data (`kind` 'werun':
   * wx.getWeRunData's encryptedData and iv) with the session_key the server
   * holds; answers only the business fields (`stepInfoList`). SESSION_KEY_STALE:
   * log in again with wx.login and fetch the data afresh.
   */
  async decryptData(input: { encryptedData: string; iv: string; kind: 'werun' }): Promise<{ stepInfoList: Array<{ timestamp: number; step: number }> }> {
    const { encryptedData, iv, kind } = parseInput(OpenDataInput, input)
    return decryptUserData(loginDeps(), getConfig(['mp']).mp, callerOf(this).userId, { encryptedData, iv, kind })
  },

  /** `wx.config` parameters for an H5 page inside the WeChat browser. */
  async getJsSdkConfig(input: { url: string }): Promise<{ appId: string; timestamp: number; nonceStr: string; signature: string }> {
    const { url } = parseInput(JsSdkInput, input)
    return jsSdkConfig(loginDeps(), getConfig(['officialAccount']).officialAccount, url)
  },
})
