import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { installUniStub } from '../../helpers/uni-stub'

/** 我的 offers the console only to a user the server names an operator (payAdmin.whoami), asked once per login. */
let whoami: ReturnType<typeof vi.fn>

beforeEach(() => {
  vi.resetModules()
  installUniStub()
  whoami = vi.fn()
  vi.stubGlobal('uniCloud', { importObject: (name: string) => (name === 'payAdmin' ? { whoami } : {}) })
  setActivePinia(createPinia())
})
afterEach(() => vi.unstubAllGlobals())

async function setup() {
  const { useWxkitUserStore } = await import('../../../uni_modules/wxkit-login-pay/js_sdk/stores/user')
  const { useOperator } = await import('../../../src/composables/useOperator')
  return { store: useWxkitUserStore(), ...useOperator() }
}

const login = (store: { acceptLogin(answer: unknown): unknown }, userId: string) =>
  store.acceptLogin({ accessToken: 't', accessTokenExpired: Date.now() + 3600_000, refreshToken: 'r', refreshTokenExpired: Date.now() + 86_400_000, user: { userId, nickname: '', avatarUrl: '', hasPhone: false } })

describe('useOperator', () => {
  it('asks nothing of a guest', async () => {
    const { store, operator, check } = await setup()
    store.status = 'guest'
    await check()
    expect(whoami).not.toHaveBeenCalled()
    expect(operator.value).toBeUndefined()
  })

  it('names the operator the server answers, once per login', async () => {
    whoami.mockResolvedValue({ errCode: 0, operator: { name: '演示店长' } })
    const { store, operator, check } = await setup()
    login(store, 'u-op')
    await vi.waitFor(() => expect(operator.value).toEqual({ name: '演示店长' }))
    await check()
    await check()
    expect(whoami).toHaveBeenCalledTimes(1)
  })

  it('offers nothing to a buyer (MERCHANT_ONLY), and forgets the operator at logout', async () => {
    whoami.mockResolvedValueOnce({ errCode: 0, operator: { name: '演示店长' } }).mockRejectedValueOnce({ errCode: 'MERCHANT_ONLY', errMsg: 'x' })
    const { store, operator } = await setup()
    login(store, 'u-op')
    await vi.waitFor(() => expect(operator.value).toBeDefined())
    store.forget()
    await nextTick()
    expect(operator.value).toBeUndefined()
    login(store, 'u-buyer')
    await vi.waitFor(() => expect(whoami).toHaveBeenCalledTimes(2))
    await nextTick()
    expect(operator.value).toBeUndefined()
  })

  it('asks again after a network failure', async () => {
    whoami.mockRejectedValueOnce(new Error('offline')).mockResolvedValueOnce({ errCode: 0, operator: { name: '演示店长' } })
    const { store, operator, check } = await setup()
    login(store, 'u-op')
    await vi.waitFor(() => expect(whoami).toHaveBeenCalledTimes(1))
    await nextTick()
    expect(operator.value).toBeUndefined()
    await check()
    expect(operator.value).toEqual({ name: '演示店长' })
  })
})
