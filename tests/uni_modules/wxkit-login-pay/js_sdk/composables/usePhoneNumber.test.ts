/** Phone-button callbacks → bindPhone: one exchange at a time, each code sent once, the same code on a network retry. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { installUniStub } from '../../../../helpers/uni-stub'

const bindPhone = vi.fn()

beforeEach(() => {
  vi.resetModules()
  bindPhone.mockReset()
  installUniStub()
  vi.stubGlobal('uniCloud', { importObject: () => ({ bindPhone }) })
  setActivePinia(createPinia())
})
afterEach(() => vi.unstubAllGlobals())

const USER = { userId: 'u1', nickname: '', avatarUrl: '', hasPhone: true, phoneMasked: '139****5678' }

async function setup() {
  const { usePhoneNumber } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/composables/usePhoneNumber')
  const { useWxkitUserStore } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/stores/user')
  return { phone: usePhoneNumber(), store: useWxkitUserStore() }
}

describe('usePhoneNumber', () => {
  it('exchanges a code with its kind and updates the user', async () => {
    const { phone, store } = await setup()
    bindPhone.mockResolvedValue({ user: USER })
    expect(await phone.onButton({ errMsg: 'getRealtimePhoneNumber:ok', code: 'c1' }, 'realtime')).toEqual({ kind: 'bound' })
    expect(bindPhone).toHaveBeenCalledWith({ code: 'c1', kind: 'realtime' })
    expect(store.user).toEqual(USER)
  })

  it('is busy while a code is exchanged; a callback meanwhile is ignored (no second exchange)', async () => {
    const { phone } = await setup()
    let finish!: (value: unknown) => void
    bindPhone.mockReturnValue(new Promise((resolve) => (finish = resolve)))
    const first = phone.onButton({ code: 'c1' }, 'quick')
    expect(phone.busy.value).toBe(true)
    expect(await phone.onButton({ code: 'c2' }, 'quick')).toEqual({ kind: 'ignored' })
    finish({ user: USER })
    expect(await first).toEqual({ kind: 'bound' })
    expect(phone.busy.value).toBe(false)
    expect(bindPhone).toHaveBeenCalledTimes(1)
  })

  it('never sends a code twice; a network failure offers a retry with the same code', async () => {
    const { phone } = await setup()
    bindPhone.mockRejectedValueOnce(new Error('request:fail timeout')).mockResolvedValueOnce({ user: USER })
    const failed = await phone.onButton({ code: 'c1' }, 'quick')
    expect(failed).toMatchObject({ kind: 'failed', message: '网络不给力，手机号尚未绑定' })
    expect(await phone.onButton({ code: 'c1' }, 'quick')).toEqual({ kind: 'ignored' })
    expect(failed.kind === 'failed' && failed.retry).toBeTruthy()
    expect(await (failed as { retry: () => Promise<unknown> }).retry()).toEqual({ kind: 'bound' })
    expect(bindPhone.mock.calls).toEqual([[{ code: 'c1', kind: 'quick' }], [{ code: 'c1', kind: 'quick' }]])
  })

  it('says what the server answered, without a retry', async () => {
    const { phone } = await setup()
    bindPhone.mockRejectedValueOnce({ errCode: 'PHONE_CODE_USED', errMsg: 'x' }).mockRejectedValueOnce({ errCode: 'WX_CODE_INVALID', errMsg: 'x' })
    expect(await phone.onButton({ code: 'c1' }, 'quick')).toEqual({ kind: 'failed', message: '该手机号授权已被使用，请重新授权' })
    expect(await phone.onButton({ code: 'c2' }, 'quick')).toEqual({ kind: 'failed', message: '手机号授权已过期，请重新授权' })
  })

  it('a callback without a code is not exchanged: cancelled (deny) or failed with its message', async () => {
    const { phone } = await setup()
    expect(await phone.onButton({ errMsg: 'getPhoneNumber:fail user deny' }, 'quick')).toEqual({ kind: 'cancelled', message: '已取消手机号授权' })
    expect(await phone.onButton({ errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 }, 'quick')).toEqual({
      kind: 'failed',
      message: '本小程序的手机号验证次数已用完，请稍后再试或联系客服',
    })
    expect(bindPhone).not.toHaveBeenCalled()
  })
})
