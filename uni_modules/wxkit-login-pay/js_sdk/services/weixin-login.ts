import type { WeixinLoginApi } from '../cloud-api'
import { cloudObject, rawCloudObject } from './cloud'
import { configureRenewal, type SessionGrant } from './session'
import { emulatorControl, devUser, emulatorUrl } from '../platform/dev-emulator'
import { isCloudCallError } from './cloud'

/** The weixinLogin cloud object, typed from its source. */
export const weixinLoginService = cloudObject<WeixinLoginApi>('weixinLogin')

export type LoginAnswer = Awaited<ReturnType<typeof weixinLoginService.login>>
export type OAuthLoginAnswer = Awaited<ReturnType<typeof weixinLoginService.loginByOAuth>>
export type UserView = LoginAnswer['user']

/** The code `wx.login` yields (in H5 development: one issued by the emulator). */
export async function getLoginCode(): Promise<string> {
  // #ifdef MP-WEIXIN
  const { code } = await uni.login({ provider: 'weixin' })
  return code
  // #endif
  // #ifndef MP-WEIXIN
  const { code: emulatorCode } = await emulatorControl<{ code: string }>('login/code', { user: devUser() })
  return emulatorCode
  // #endif
}

async function randomBytes(length: number): Promise<Uint8Array> {
  // typeof, not globalThis: older mini-program runtimes lack globalThis.
  const webCrypto = typeof crypto === 'undefined' ? undefined : crypto
  if (webCrypto?.getRandomValues) return webCrypto.getRandomValues(new Uint8Array(length))
  // The mini program has no Web Crypto: wx.getRandomValues (base library 2.15.0+), through uni's proxy of wx.
  return new Promise((resolve, reject) => {
    uni.getRandomValues({ length, success: (res) => resolve(new Uint8Array(res.randomValues)), fail: reject })
  })
}

/**
 * A random key for one login attempt (16 bytes, hex). The server answers a
 * repeated code only to a retry carrying the same key (and coming from the
 * same client); it travels in the call's body, never in a URL. Undefined when
 * no secure randomness is available: the login still works, without retry.
 */
export async function newIdempotencyKey(): Promise<string | undefined> {
  try {
    return Array.from(await randomBytes(16), (byte) => byte.toString(16).padStart(2, '0')).join('')
  } catch {
    return undefined
  }
}

/**
 * Run one login attempt; when its answer is lost (a network failure, not an
 * answer of the cloud object), send the very same call once more: the server
 * recognises it by the key and answers the same login, where a new call with
 * the used code would be refused.
 */
async function withOneRetry<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (isCloudCallError(error)) throw error
    return call()
  }
}

/** Log in with a mini-program code (`getLoginCode`): one attempt, retried once with the same key if its answer is lost. */
export async function loginWithCode(code: string): Promise<LoginAnswer> {
  const input = { code, idempotencyKey: await newIdempotencyKey() }
  return withOneRetry(() => weixinLoginService.login(input))
}

/** Log in with the code and state of an OAuth return: as `loginWithCode`. */
export async function loginWithOAuthCode(params: { code: string; state: string }): Promise<OAuthLoginAnswer> {
  const input = { ...params, idempotencyKey: await newIdempotencyKey() }
  return withOneRetry(() => weixinLoginService.loginByOAuth(input))
}

/** True where the mini-program login can run: the mini program, or H5 development with the emulator. */
export function canUseCodeLogin(): boolean {
  // #ifdef MP-WEIXIN
  return true
  // #endif
  // #ifndef MP-WEIXIN
  return !!emulatorUrl()
  // #endif
}

// Refresh and re-login bypass the replaying wrapper (they are what it calls).
configureRenewal({
  async refresh(refreshToken) {
    return (await rawCloudObject('weixinLogin').refreshToken({ refreshToken })) as SessionGrant
  },
  // A transparent re-login needs no user action only where wx.login does.
  reLogin: canUseCodeLogin()
    ? async () => {
        const input = { code: await getLoginCode(), idempotencyKey: await newIdempotencyKey() }
        return (await withOneRetry(() => rawCloudObject('weixinLogin').login(input))) as SessionGrant
      }
    : undefined,
})
