import { computed, ref } from 'vue'
import { payChannel, type PayChannel } from '../../uni_modules/wxkit-login-pay/js_sdk/platform/request-payment'
// #ifdef H5
import { emulatorUrl } from '../../uni_modules/wxkit-login-pay/js_sdk/platform/dev-emulator'
// #endif

/** How each channel is called on the pages (the dev switch says which one this browser uses). */
export const PAY_CHANNEL_LABELS: Record<PayChannel, string> = {
  native: 'Native 扫码',
  h5: 'H5 收银台',
  jsapi: '公众号 JSAPI',
  miniprogram: '小程序',
}

/**
 * H5 development only: pay as the mini program would, the emulator playing the
 * phone. One choice for the whole visit, so 继续支付 on 我的订单 or the result
 * page pays the way the checkout was set to; every page that pays shows the
 * switch (DevPayChannelSwitch), so it is never applied out of sight.
 */
const simulateMiniProgram = ref(false)

/**
 * The channel every page pays on: this platform's own (`payChannel()`: the mini
 * program's, or the browser's documented one), or the mini program's when the
 * visible dev switch says so.
 */
export function usePayChannel() {
  const own = payChannel()
  let devSwitch = false
  // #ifdef H5
  devSwitch = !!emulatorUrl() && own !== 'miniprogram'
  // #endif
  const channel = computed<PayChannel>(() => (devSwitch && simulateMiniProgram.value ? 'miniprogram' : own))
  return { own, channel, showDevSwitch: devSwitch, simulateMiniProgram }
}
