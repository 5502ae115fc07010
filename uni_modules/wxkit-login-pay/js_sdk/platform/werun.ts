import { devUser, emulatorControl, emulatorUrl } from './dev-emulator'

/**
 * WeChat steps (微信运动) as the phone hands them over: wx.getWeRunData answers
 * `encryptedData` + `iv`, sealed with the user's current session_key, which
 * only the server holds (weixinLogin.decryptData opens it). Privacy-gated (the
 * WeRun row of the privacy guide) and behind `scope.werun`. In H5 development
 * the WeChat emulator stands in for the phone; elsewhere there is no WeRun.
 */

/** What wx.getWeRunData answers. */
export interface SealedWeRun {
  encryptedData: string
  iv: string
}

/** True where WeRun data can be had: the mini program, or H5 development with the emulator. */
export function canUseWeRun(): boolean {
  // #ifdef MP-WEIXIN
  return true
  // #endif
  // #ifndef MP-WEIXIN
  return !!emulatorUrl()
  // #endif
}

/** wx.getWeRunData (the emulator's /werun/data in H5 development); rejects with WeChat's `{ errMsg, errno? }`. */
export function getWeRunData(): Promise<SealedWeRun> {
  // #ifdef MP-WEIXIN
  return new Promise((resolve, reject) =>
    uni.getWeRunData({
      success: (res: SealedWeRun) => resolve({ encryptedData: res.encryptedData, iv: res.iv }),
      fail: reject,
    } as UniNamespace.GetWeRunDataOption),
  )
  // #endif
  // #ifndef MP-WEIXIN
  return emulatorControl<SealedWeRun>('werun/data', { user: devUser() }).then(({ encryptedData, iv }) => ({ encryptedData, iv }))
  // #endif
}

/**
 * wx.checkSession: whether WeChat still holds the session_key of the last
 * wx.login (the one the server stored). Always true in H5 development, where
 * the emulator seals with the key of the last login itself.
 */
export function sessionKeyAlive(): Promise<boolean> {
  // #ifdef MP-WEIXIN
  return new Promise((resolve) => uni.checkSession({ success: () => resolve(true), fail: () => resolve(false) }))
  // #endif
  // #ifndef MP-WEIXIN
  return Promise.resolve(true)
  // #endif
}
