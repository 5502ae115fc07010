import type { WeixinLoginApi } from '../cloud-api'
import { cloudObject, rawCloudObject } from './cloud'
import { configureRenewal, type SessionGrant } from './session'
import { emulatorControl, devUser, emulatorUrl } from '../platform/dev-emulator'

/** The weixinLogin cloud object, typed from its source. */
export const weixinLoginService = cloudObject<WeixinLoginApi>('weixinLogin')

export type LoginAnswer = Awaited<ReturnType<typeof weixinLoginService.login>>
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
    ? async () => (await rawCloudObject('weixinLogin').login({ code: await getLoginCode() })) as SessionGrant
    : undefined,
})
