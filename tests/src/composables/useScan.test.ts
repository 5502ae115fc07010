// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installDeviceUni } from '../../helpers/uni-device-stub'
import { useScan } from '../../../src/composables/useScan'

let env: ReturnType<typeof installDeviceUni>
beforeEach(() => {
  env = installDeviceUni()
})
afterEach(() => vi.unstubAllGlobals())

describe('useScan (mini program)', () => {
  it('a product QR code opens that product', async () => {
    env.uni.scanCode.mockResolvedValueOnce({ result: 'uniwxkit://product/p-mug' })
    expect(await useScan().scan()).toEqual({ kind: 'opened', productId: 'p-mug' })
    expect(env.uni.scanCode).toHaveBeenCalledWith({ scanType: ['qrCode', 'wxCode', 'barCode'] })
    expect(env.uni.navigateTo).toHaveBeenCalledWith({ url: '/src/pages/product/index?id=p-mug' })
    expect(env.uni.showModal).not.toHaveBeenCalled()
  })

  it('a mini-program code opens the page in its path', async () => {
    env.uni.scanCode.mockResolvedValueOnce({ result: '', path: 'src/pages/product/index?id=p-drip-bags' })
    expect(await useScan().scan()).toEqual({ kind: 'opened', productId: 'p-drip-bags' })
  })

  it('an unknown code: a clear message, no navigation', async () => {
    env.uni.scanCode.mockResolvedValueOnce({ result: 'https://example.com/promo' })
    expect(await useScan().scan()).toEqual({ kind: 'unknown', message: '这不是本店的商品码' })
    expect(env.uni.navigateTo).not.toHaveBeenCalled()
    expect(env.uni.showModal).toHaveBeenCalledWith({ title: '无法识别', content: '这不是本店的商品码', showCancel: false })
  })

  it('backing out of the scanner does nothing', async () => {
    env.uni.scanCode.mockRejectedValueOnce({ errMsg: 'scanCode:fail cancel' })
    expect(await useScan().scan()).toEqual({ kind: 'cancelled' })
    expect(env.uni.showModal).not.toHaveBeenCalled()
    expect(env.uni.navigateTo).not.toHaveBeenCalled()
  })

  it('a scanner that cannot start (camera refused): says so', async () => {
    env.uni.scanCode.mockRejectedValueOnce({ errMsg: 'scanCode:fail auth deny' })
    const outcome = await useScan().scan()
    expect(outcome.kind).toBe('unavailable')
    expect(env.uni.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '无法打开扫码，请检查相机权限后重试' }))
  })
})
