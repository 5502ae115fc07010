import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { installUniStub } from '../../../../helpers/uni-stub'

const SDK = '../../../../../uni_modules/wxkit-login-pay/js_sdk'

const answer = (userId: string, token = `a-${userId}`) => ({
  accessToken: token,
  accessTokenExpired: Date.now() + 3600_000,
  refreshToken: `r-${token}`,
  refreshTokenExpired: Date.now() + 86400_000,
  user: { userId, nickname: userId, avatarUrl: '', hasPhone: false },
})

let storage: Map<string, unknown>
let weixinLogin: Record<string, ReturnType<typeof vi.fn>>
beforeEach(() => {
  vi.resetModules()
  storage = installUniStub().storage
  weixinLogin = { logout: vi.fn(async () => ({ errCode: 0 })), refreshToken: vi.fn(), me: vi.fn() }
  vi.stubGlobal('uniCloud', { importObject: (name: string) => (name === 'weixinLogin' ? weixinLogin : {}) })
  setActivePinia(createPinia())
})
afterEach(() => vi.unstubAllGlobals())

async function loggedInStore() {
  const { useWxkitUserStore } = await import(`${SDK}/stores/user`)
  const store = useWxkitUserStore()
  // As the LoginPanel's dev switch leaves it in H5 development.
  storage.set('wxkit_dev_user', 'alice')
  store.acceptLogin(answer('u-alice'))
  return store
}

describe('useWxkitUserStore: logout leaves nothing of the user behind', () => {
  // Regression: after 退出登录, 我的订单 opened by URL still showed the previous user's orders.
  it('clears the user, the status and every wxkit_* key of storage, and moves the session generation', async () => {
    const store = await loggedInStore()
    const before = store.generation
    expect([...storage.keys()].filter((k) => k.startsWith('wxkit_')).length).toBeGreaterThan(0)
    await store.logout()
    expect(weixinLogin.logout).toHaveBeenCalledTimes(1)
    expect(store.user).toBeNull()
    expect(store.isLoggedIn).toBe(false)
    expect([...storage.keys()].filter((k) => k.startsWith('wxkit_'))).toEqual([])
    expect(store.generation).toBe(before + 1)
  })

  it('forgets the session on this device even when the server cannot be reached', async () => {
    const store = await loggedInStore()
    weixinLogin.logout.mockRejectedValueOnce(new Error('offline'))
    await expect(store.logout()).rejects.toThrow('offline')
    expect(store.user).toBeNull()
    expect([...storage.keys()].filter((k) => k.startsWith('wxkit_'))).toEqual([])
  })

  it('a login as somebody else moves the generation; the same user logging in again does not', async () => {
    const store = await loggedInStore()
    const g = store.generation
    store.acceptLogin(answer('u-alice', 'again'))
    expect(store.generation).toBe(g)
    store.acceptLogin(answer('u-bob'))
    expect(store.generation).toBe(g + 1)
  })

  it('useSessionScope drops page data at once when the user logs out', async () => {
    const store = await loggedInStore()
    const { effectScope } = await import('vue')
    const { useSessionScope } = await import(`${SDK}/composables/useSessionScope`)
    const drop = vi.fn()
    const scope = effectScope()
    scope.run(() => useSessionScope(drop))
    await store.logout()
    expect(drop).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('a refresh still in flight at logout does not bring the session back', async () => {
    const store = await loggedInStore()
    const session = await import(`${SDK}/services/session`)
    let release!: (grant: ReturnType<typeof answer>) => void
    session.configureRenewal({ refresh: () => new Promise((resolve) => (release = resolve)) })
    const renewal = session.renewSession()
    await store.logout()
    release(answer('u-alice', 'late'))
    await expect(renewal).rejects.toMatchObject({ errCode: 'TOKEN_MISSING' })
    expect([...storage.keys()].filter((k) => k.startsWith('wxkit_'))).toEqual([])
  })

  it('refreshUser shows the profile as the server has it now, and forgets a session the server refuses', async () => {
    const store = await loggedInStore()
    weixinLogin.me.mockResolvedValueOnce({ errCode: 0, user: { userId: 'u-alice', nickname: '新名字', avatarUrl: '', hasPhone: true, phoneMasked: '138****0000' } })
    await store.refreshUser()
    expect(store.user).toMatchObject({ nickname: '新名字', hasPhone: true })
    weixinLogin.me.mockRejectedValueOnce({ errCode: 'TOKEN_INVALID', errMsg: 'revoked' })
    await store.refreshUser()
    expect(store.isLoggedIn).toBe(false)
    expect([...storage.keys()].filter((k) => k.startsWith('wxkit_'))).toEqual([])
  })

  it('refreshUser answered after a logout does not bring the user back', async () => {
    const store = await loggedInStore()
    let answer!: (value: unknown) => void
    weixinLogin.me.mockReturnValueOnce(new Promise((r) => (answer = r)))
    const refreshing = store.refreshUser()
    await store.logout()
    answer({ errCode: 0, user: { userId: 'u-alice', nickname: 'alice', avatarUrl: '', hasPhone: false } })
    await refreshing
    expect(store.user).toBeNull()
  })
})
