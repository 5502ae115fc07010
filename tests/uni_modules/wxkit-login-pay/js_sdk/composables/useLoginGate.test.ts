import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { installUniStub } from '../../../../helpers/uni-stub'

beforeEach(() => {
  vi.resetModules()
  installUniStub()
  vi.stubGlobal('uniCloud', { importObject: () => ({}) })
  setActivePinia(createPinia())
})
afterEach(() => vi.unstubAllGlobals())

async function setup() {
  const { useWxkitUserStore } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/stores/user')
  const { useLoginGate } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/composables/useLoginGate')
  const { configureWxkit } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/app-config')
  configureWxkit({ isProtectedPage: (url) => url.startsWith('/pages/orders') })
  return { store: useWxkitUserStore(), gate: useLoginGate() }
}

describe('useLoginGate', () => {
  // Regression: a refreshed orders page asked a logged-in user to log in, because onLoad ran
  // before App's onLaunch had checked the stored session.
  it('waits for the launch session check before deciding (session valid → runs, no panel)', async () => {
    const { store, gate } = await setup()
    expect(store.status).toBe('unknown')
    const action = vi.fn()
    gate.requireLogin(action, '登录后查看订单')
    expect(action).not.toHaveBeenCalled()
    expect(gate.visible.value).toBe(false)
    store.status = 'authenticated'
    await nextTick()
    expect(action).toHaveBeenCalledTimes(1)
    expect(gate.visible.value).toBe(false)
    store.status = 'guest'
    await nextTick()
    expect(action).toHaveBeenCalledTimes(1)
  })

  it('waits, then opens the panel when the check finds no session', async () => {
    const { store, gate } = await setup()
    const action = vi.fn()
    gate.requireLogin(action, '登录后查看订单')
    store.status = 'guest'
    await nextTick()
    expect(action).not.toHaveBeenCalled()
    expect(gate.visible.value).toBe(true)
    expect(gate.reason.value).toBe('登录后查看订单')
    gate.onSuccess()
    expect(action).toHaveBeenCalledTimes(1)
  })

  it('a guest gets the panel at once', async () => {
    const { store, gate } = await setup()
    store.status = 'guest'
    gate.requireLogin(vi.fn(), '登录后购买')
    expect(gate.visible.value).toBe(true)
  })

  it("navigateTo asks for login (with the caller's reason) only for the pages the app says are protected", async () => {
    const { store, gate } = await setup()
    store.status = 'guest'
    const navigateTo = vi.fn()
    ;(globalThis as unknown as { uni: { navigateTo: typeof navigateTo } }).uni.navigateTo = navigateTo
    gate.navigateTo('/pages/product/index?id=1', '登录后购买')
    expect(navigateTo).toHaveBeenCalledWith({ url: '/pages/product/index?id=1' })
    expect(gate.visible.value).toBe(false)
    gate.navigateTo('/pages/orders/index', '登录后查看订单')
    expect(navigateTo).toHaveBeenCalledTimes(1)
    expect(gate.visible.value).toBe(true)
    expect(gate.reason.value).toBe('登录后查看订单')
  })
})
