/** Today's steps: wx.checkSession first, decryptData, one re-login and fresh data on SESSION_KEY_STALE. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { installUniStub } from '../../../../helpers/uni-stub'

const weixinLogin = { decryptData: vi.fn(), login: vi.fn() }
let sessionAlive: boolean
let sealedCount: number

beforeEach(() => {
  vi.resetModules()
  weixinLogin.decryptData.mockReset()
  weixinLogin.login.mockReset()
  sessionAlive = true
  sealedCount = 0
  installUniStub()
  const uni = (globalThis as unknown as { uni: Record<string, unknown> }).uni
  uni.login = vi.fn(async () => ({ code: `login-${sealedCount}` }))
  uni.checkSession = ({ success, fail }: { success: () => void; fail: () => void }) => (sessionAlive ? success() : fail())
  uni.getWeRunData = ({ success }: { success: (res: unknown) => void }) => success({ encryptedData: `sealed-${++sealedCount}`, iv: 'iv' })
  vi.stubGlobal('uniCloud', { importObject: () => weixinLogin })
  setActivePinia(createPinia())
  weixinLogin.login.mockResolvedValue({ user: { userId: 'u1' }, accessToken: 'a', accessTokenExpired: 1, refreshToken: 'r', refreshTokenExpired: 2 })
})
afterEach(() => vi.unstubAllGlobals())

const DAYS = [
  { timestamp: 1_700_000_000, step: 10 },
  { timestamp: 1_700_086_400, step: 8123 },
]

async function setup() {
  const mod = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/composables/useWeRun')
  return { ...mod, weRun: mod.useWeRun() }
}

describe('useWeRun', () => {
  it('fetches, has the cloud open it, and keeps the latest day', async () => {
    const { weRun } = await setup()
    weixinLogin.decryptData.mockResolvedValue({ stepInfoList: DAYS })
    await weRun.load()
    expect(weRun.steps.value).toBe(8123)
    expect(weixinLogin.decryptData).toHaveBeenCalledWith({ encryptedData: 'sealed-1', iv: 'iv', kind: 'werun' })
    expect(weixinLogin.login).not.toHaveBeenCalled()
  })

  it('logs in again before fetching when wx.checkSession fails', async () => {
    const { weRun } = await setup()
    sessionAlive = false
    weixinLogin.decryptData.mockResolvedValue({ stepInfoList: DAYS })
    await weRun.load()
    expect(weixinLogin.login).toHaveBeenCalledTimes(1)
    expect(weixinLogin.decryptData).toHaveBeenCalledTimes(1)
    expect(weRun.steps.value).toBe(8123)
  })

  it('on SESSION_KEY_STALE: one new login, fresh data, and only once', async () => {
    const { weRun } = await setup()
    weixinLogin.decryptData.mockRejectedValueOnce({ errCode: 'SESSION_KEY_STALE', errMsg: 'x' }).mockResolvedValueOnce({ stepInfoList: DAYS })
    await weRun.load()
    expect(weixinLogin.login).toHaveBeenCalledTimes(1)
    expect(weixinLogin.decryptData.mock.calls.map(([input]) => input.encryptedData)).toEqual(['sealed-1', 'sealed-2'])
    expect(weRun.steps.value).toBe(8123)

    weixinLogin.decryptData.mockRejectedValue({ errCode: 'SESSION_KEY_STALE', errMsg: 'x' })
    await weRun.load()
    expect(weixinLogin.login).toHaveBeenCalledTimes(2)
    expect(weRun.steps.value).toBeUndefined()
    expect(weRun.message.value).toBe('登录状态已变化，请稍后重试')
  })

  it.each([
    [{ errCode: 'OPEN_DATA_EXPIRED', errMsg: 'x' }, '步数数据已过期，请重试'],
    [{ errCode: 'OPEN_DATA_INVALID', errMsg: 'x' }, '步数数据无效，请重试'],
    [{ errMsg: 'getWeRunData:fail privacy permission is not authorized', errno: 104 }, '需同意隐私保护指引后才能查看步数'],
    [{ errMsg: 'getWeRunData:fail auth deny' }, '未授权读取微信运动步数，可在设置中开启'],
    [new Error('request:fail'), '暂时无法读取微信运动步数'],
  ])('%j → %s', async (error, message) => {
    const { weRunMessage } = await setup()
    expect(weRunMessage(error)).toBe(message)
  })

  it('latestSteps takes the newest day whatever the order', async () => {
    const { latestSteps } = await setup()
    expect(latestSteps([DAYS[1], DAYS[0]])).toBe(8123)
    expect(latestSteps([])).toBeUndefined()
  })
})
