import { parseScanTarget, productPagePath, type ScanTarget } from '../utils/scan-target'
// #ifdef H5
import { browserKind } from '../../uni_modules/wxkit-login-pay/js_sdk/platform/browser'
import { wechatJsSdk } from '../../uni_modules/wxkit-login-pay/js_sdk/platform/jssdk'
// #endif

/** What one press of 扫一扫 came to. */
export type ScanOutcome = { kind: 'opened'; productId: string } | { kind: 'unknown'; message: string } | { kind: 'cancelled' } | { kind: 'unavailable'; message: string }

function isCancel(error: unknown): boolean {
  return /cancel/i.test(String((error as { errMsg?: string })?.errMsg ?? error))
}

/** Read a code with the camera: its text, undefined when the user backed out. */
async function readCode(): Promise<string | undefined> {
  // #ifdef MP-WEIXIN
  try {
    const res = (await uni.scanCode({ scanType: ['qrCode', 'wxCode', 'barCode'] })) as { result?: string; path?: string }
    // A mini-program code answers the page it opens in `path`; other codes their text in `result`.
    return res.path || res.result || ''
  } catch (error) {
    if (isCancel(error)) return undefined
    throw error
  }
  // #endif
  // #ifdef H5
  if (browserKind(navigator.userAgent) !== 'wechat') {
    throw Object.assign(new Error('no scanner'), { unavailable: true })
  }
  const wx = await wechatJsSdk()
  return new Promise<string | undefined>((resolve, reject) => {
    wx.scanQRCode({
      needResult: 1,
      scanType: ['qrCode'],
      success: (res: { resultStr: string }) => resolve(res.resultStr),
      cancel: () => resolve(undefined),
      fail: (res: { errMsg?: string }) => reject(res),
    })
  })
  // #endif
}

/**
 * 扫一扫: scan, then open the product a code points at, or say why not. The
 * one place that branches on platform for scanning: the mini program's
 * scanCode; the JS-SDK's scanQRCode in the WeChat browser; elsewhere a message
 * (no camera library: it would cost more than the feature is worth here).
 */
export function useScan() {
  /** Interpret a scanned text and act on it (exported for tests and for pasted links). */
  function handle(text: string | undefined): ScanOutcome {
    const target: ScanTarget = parseScanTarget(text)
    if (target.ok) {
      uni.navigateTo({ url: productPagePath(target.productId) })
      return { kind: 'opened', productId: target.productId }
    }
    uni.showModal({ title: '无法识别', content: target.message, showCancel: false })
    return { kind: 'unknown', message: target.message }
  }

  async function scan(): Promise<ScanOutcome> {
    let text: string | undefined
    try {
      text = await readCode()
    } catch (error) {
      const message = (error as { unavailable?: boolean })?.unavailable
        ? '浏览器中无法扫码，请在微信中打开本页面或使用小程序的「扫一扫」'
        : '无法打开扫码，请检查相机权限后重试'
      uni.showModal({ title: '扫一扫', content: message, showCancel: false })
      return { kind: 'unavailable', message }
    }
    if (text === undefined) return { kind: 'cancelled' }
    return handle(text)
  }

  return { scan, handle }
}
