/**
 * The login session as the client keeps it, in the kit's own storage slot
 * (`wxkit_access_token`, `wxkit_refresh_token`, …), never in uniCloud's
 * `uni_id_token`, which belongs to uni-id: an app can use both without one
 * login overwriting the other. `services/cloud.ts` sends the access token with
 * every call (`KitAuth`); this module adds the single-flight refresh.
 */
const TOKEN_KEY = 'wxkit_access_token'
const TOKEN_EXPIRED_KEY = 'wxkit_access_token_expired'
const REFRESH_KEY = 'wxkit_refresh_token'
const REFRESH_EXPIRED_KEY = 'wxkit_refresh_token_expired'

/** What a login or refresh answers about the session. */
export interface SessionGrant {
  accessToken: string
  accessTokenExpired: number
  refreshToken: string
  refreshTokenExpired: number
}

// Moves on every save and clear: a renewal that started before a logout or a new
// login must not write its (older) grant over what happened meanwhile.
let epoch = 0

/** Save a grant. */
export function saveGrant(grant: SessionGrant): void {
  epoch++
  uni.setStorageSync(TOKEN_KEY, grant.accessToken)
  uni.setStorageSync(TOKEN_EXPIRED_KEY, grant.accessTokenExpired)
  uni.setStorageSync(REFRESH_KEY, grant.refreshToken)
  uni.setStorageSync(REFRESH_EXPIRED_KEY, grant.refreshTokenExpired)
}

/** Forget the session on this device: every key of the kit's session slot. */
export function clearSession(): void {
  epoch++
  for (const key of [TOKEN_KEY, TOKEN_EXPIRED_KEY, REFRESH_KEY, REFRESH_EXPIRED_KEY]) uni.removeStorageSync(key)
}

/** True when a token is stored (it may still be expired or revoked). */
export function hasStoredSession(): boolean {
  return !!uni.getStorageSync(TOKEN_KEY) || !!uni.getStorageSync(REFRESH_KEY)
}

/** The stored access token (the server decides whether it is still good). */
export function storedAccessToken(): string | undefined {
  return (uni.getStorageSync(TOKEN_KEY) as string) || undefined
}

/** The stored refresh token, if it has not expired. */
export function storedRefreshToken(now = Date.now()): string | undefined {
  const token = uni.getStorageSync(REFRESH_KEY) as string
  const expired = Number(uni.getStorageSync(REFRESH_EXPIRED_KEY) || 0)
  return token && expired > now ? token : undefined
}

type Refresher = (refreshToken: string) => Promise<SessionGrant>
type ReLogin = () => Promise<SessionGrant>

let refresher: Refresher | undefined
let reLogin: ReLogin | undefined
let inFlight: Promise<void> | undefined

/** Wire the calls that renew a session (set once by services/weixin-login.ts). */
export function configureRenewal(options: { refresh: Refresher; reLogin?: ReLogin }): void {
  refresher = options.refresh
  reLogin = options.reLogin
}

/**
 * Renew the session once, however many callers ask at the same moment: the
 * first starts the refresh (or, when no refresh token is left or it is
 * refused, one transparent re-login), the rest wait for the same promise.
 */
export function renewSession(): Promise<void> {
  inFlight ??= (async () => {
    const started = epoch
    try {
      const refreshToken = storedRefreshToken()
      let grant: SessionGrant | undefined
      if (refreshToken && refresher) {
        try {
          grant = await refresher(refreshToken)
        } catch (error) {
          if (!reLogin) throw error
        }
      }
      if (!grant) {
        if (!reLogin) throw Object.assign(new Error('session expired'), { errCode: 'TOKEN_EXPIRED', errMsg: 'session expired' })
        grant = await reLogin()
      }
      if (epoch !== started) {
        // Logged out (or in again) while renewing: the grant belongs to a session that is over.
        throw Object.assign(new Error('session ended'), { errCode: 'TOKEN_MISSING', errMsg: 'the session ended while it was renewed' })
      }
      saveGrant(grant)
    } catch (error) {
      if (epoch === started) clearSession()
      throw error
    } finally {
      inFlight = undefined
    }
  })()
  return inFlight
}
