import { canUseCodeLogin } from '../services/weixin-login'
import { emulatorUrl } from '../platform/dev-emulator'
import { browserKind, type BrowserKind } from '../platform/browser'

/** Which ways to log in this platform offers; the one place that branches on platform for login. */
export interface LoginOptions {
  /** wx.login (the mini program), or its emulator stand-in in H5 development. */
  code: boolean
  /** WeChat web OAuth inside the WeChat browser. */
  oauth: boolean
  /** QR login on a desktop browser. */
  qr: boolean
  /** A mobile browser outside WeChat: no WeChat login is possible there. */
  openInWechat: boolean
  /** H5 development: the code comes from the emulator, so say so. */
  simulated: boolean
  browser?: BrowserKind
}

/** Work out the login options once per use. */
export function useLoginOptions(): LoginOptions {
  // #ifdef MP-WEIXIN
  return { code: true, oauth: false, qr: false, openInWechat: false, simulated: false }
  // #endif
  // #ifndef MP-WEIXIN
  const browser = browserKind(navigator.userAgent)
  return {
    code: canUseCodeLogin(),
    oauth: browser === 'wechat',
    qr: browser === 'desktop',
    openInWechat: browser === 'mobile' && !emulatorUrl(),
    simulated: !!emulatorUrl(),
    browser,
  }
  // #endif
}
