import { describe, expect, it } from 'vitest'
import { browserKind } from '../../../../../uni_modules/wxkit-login-pay/js_sdk/platform/browser'
import { browserPayChannel } from '../../../../../uni_modules/wxkit-login-pay/js_sdk/platform/request-payment'

const UA = {
  desktopChrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  macSafari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
  wechatIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN',
  wechatWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0 Safari/537.36 MicroMessenger/7.0.20 WindowsWechat',
}

describe('the pay channel of each browser', () => {
  // Regression: a mobile browser was sent to the mini-program channel whenever the emulator was configured,
  // so it never reached the h5_url cashier.
  it.each([
    ['desktop Chrome', UA.desktopChrome, 'native'],
    ['desktop Safari', UA.macSafari, 'native'],
    ['iPhone Safari', UA.iphoneSafari, 'h5'],
    ['Android Chrome', UA.androidChrome, 'h5'],
    ['WeChat on a phone', UA.wechatIphone, 'jsapi'],
    ['WeChat on Windows', UA.wechatWindows, 'jsapi'],
  ])('%s → %s', (_name, userAgent, channel) => {
    expect(browserPayChannel(browserKind(userAgent))).toBe(channel)
  })
})
