/**
 * H5 inside the WeChat browser only (import it inside `#ifdef H5`): the
 * WeChat JS-SDK, configured with a signature from weixinLogin.getJsSdkConfig.
 *
 * The signature covers the page URL without its #fragment, which with the
 * hash router is the same for every page of the app, so one wx.config per
 * page load serves every page. A failed config is forgotten, so the next use
 * tries again.
 */
import wx from 'weixin-js-sdk'
import { weixinLoginService } from '../services/weixin-login'

/** The JS-SDK interfaces the app uses. */
export const JS_API_LIST = ['updateAppMessageShareData', 'updateTimelineShareData', 'scanQRCode'] as const

let configured: { url: string; ready: Promise<typeof wx> } | undefined

/** The URL the signature must cover: the current page without its fragment. */
export function signedUrl(): string {
  return location.href.split('#')[0]
}

/** The configured JS-SDK (wx.config done and ready), for the current URL. */
export function wechatJsSdk(): Promise<typeof wx> {
  const url = signedUrl()
  if (configured?.url === url) return configured.ready
  const ready = (async () => {
    const config = await weixinLoginService.getJsSdkConfig({ url })
    await new Promise<void>((resolve, reject) => {
      wx.config({
        debug: false,
        appId: config.appId,
        timestamp: config.timestamp,
        nonceStr: config.nonceStr,
        signature: config.signature,
        jsApiList: [...JS_API_LIST],
      })
      wx.ready(() => resolve())
      wx.error((res: { errMsg?: string }) => reject(Object.assign(new Error('wx.config failed'), { errMsg: res?.errMsg ?? 'config:fail' })))
    })
    return wx
  })()
  configured = { url, ready }
  ready.catch(() => {
    if (configured?.ready === ready) configured = undefined
  })
  return ready
}

/** Forget the configuration (tests). */
export function resetJsSdk(): void {
  configured = undefined
}
