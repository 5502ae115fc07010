import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installDeviceUni } from '../../helpers/uni-device-stub'
import { TOAST_MAX_CHARS, fitsToast, useFeedback } from '../../../src/composables/useFeedback'

let env: ReturnType<typeof installDeviceUni>
beforeEach(() => {
  env = installDeviceUni()
})
afterEach(() => vi.unstubAllGlobals())

describe('useFeedback', () => {
  it('counts characters, not bytes, against the 7-character toast limit', () => {
    expect(TOAST_MAX_CHARS).toBe(7)
    expect(fitsToast('已提交退款申请')).toBe(true)
    expect(fitsToast('登录状态已失效，请重新登录')).toBe(false)
  })

  // Regression: long messages were toasts, and the toast broke them mid-phrase.
  it('a message longer than a toast holds becomes a modal, whole', () => {
    useFeedback().tell('网络不给力，请检查网络后重试')
    expect(env.uni.showToast).not.toHaveBeenCalled()
    expect(env.uni.showModal).toHaveBeenCalledWith({ title: '提示', content: '网络不给力，请检查网络后重试', showCancel: false, confirmText: '知道了' })
  })

  it('short news stays a toast; a short success gets the tick', () => {
    const feedback = useFeedback()
    feedback.tell('已取消支付')
    feedback.done('订单已取消')
    expect(env.uni.showToast).toHaveBeenNthCalledWith(1, { title: '已取消支付', icon: 'none' })
    expect(env.uni.showToast).toHaveBeenNthCalledWith(2, { title: '订单已取消', icon: 'success' })
    expect(env.uni.showModal).not.toHaveBeenCalled()
  })

  it('confirm answers what the user chose', async () => {
    env.uni.showModal.mockResolvedValueOnce({ confirm: true, cancel: false })
    expect(await useFeedback().confirm('取消订单', '确定取消吗？')).toBe(true)
    expect(await useFeedback().confirm('取消订单', '确定取消吗？')).toBe(false)
  })
})
