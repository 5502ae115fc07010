import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { installUniStub } from '../../../../../helpers/uni-stub'

/** The console's access states: the server's answer decides what a page shows. */
beforeEach(() => {
  vi.resetModules()
  installUniStub()
  vi.stubGlobal('uniCloud', { importObject: () => ({}) })
  setActivePinia(createPinia())
})
afterEach(() => vi.unstubAllGlobals())

async function setup(load: () => Promise<unknown>) {
  const { useWxkitUserStore } = await import('../../../../../../uni_modules/wxkit-login-pay/js_sdk/stores/user')
  const { useConsolePage } = await import('../../../../../../uni_modules/wxkit-login-pay/pages/console/lib/use-console-page')
  return { store: useWxkitUserStore(), page: useConsolePage(load) }
}

const refusal = (errCode: string) => Object.assign(new Error(errCode), { errCode, errMsg: 'x' })

describe('useConsolePage', () => {
  it('shows an operator the data once the server answered it', async () => {
    const { store, page } = await setup(async () => ({ rows: 3 }))
    store.status = 'authenticated'
    page.show()
    expect(page.access.value).toBe('checking')
    await vi.waitFor(() => expect(page.access.value).toBe('ready'))
    expect(page.data.value).toEqual({ rows: 3 })
  })

  it('refuses a buyer (MERCHANT_ONLY) and keeps no data', async () => {
    const load = vi.fn().mockResolvedValueOnce({ rows: 3 }).mockRejectedValueOnce(refusal('MERCHANT_ONLY'))
    const { store, page } = await setup(load)
    store.status = 'authenticated'
    page.show()
    await vi.waitFor(() => expect(page.access.value).toBe('ready'))
    // The operator's role was taken away on the server: the next answer refuses, the data goes.
    await page.refresh()
    expect(page.access.value).toBe('refused')
    expect(page.data.value).toBeUndefined()
  })

  it('asks a visitor to log in without calling the server, then loads after the login', async () => {
    const load = vi.fn().mockResolvedValue({ rows: 1 })
    const { store, page } = await setup(load)
    store.status = 'guest'
    page.show()
    expect(page.access.value).toBe('login')
    expect(page.gate.visible.value).toBe(true)
    expect(page.gate.reason.value).toBe('请使用商家管理员的微信登录')
    expect(load).not.toHaveBeenCalled()
    page.gate.onSuccess()
    await vi.waitFor(() => expect(page.access.value).toBe('ready'))
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('a session the server refused is forgotten and the login sheet opens', async () => {
    const { store, page } = await setup(vi.fn().mockRejectedValue(refusal('TOKEN_INVALID')))
    store.status = 'authenticated'
    page.show()
    await vi.waitFor(() => expect(page.access.value).toBe('login'))
    expect(store.status).toBe('guest')
    expect(page.gate.visible.value).toBe(true)
  })

  it('shows other failures in Chinese and keeps what an operator already saw', async () => {
    const load = vi.fn().mockResolvedValueOnce({ rows: 2 }).mockRejectedValueOnce(new Error('offline'))
    const { store, page } = await setup(load)
    store.status = 'authenticated'
    page.show()
    await vi.waitFor(() => expect(page.access.value).toBe('ready'))
    await page.refresh()
    expect(page.error.value).toBe('网络不给力，请检查网络后重试')
    expect(page.data.value).toEqual({ rows: 2 })
  })

  it('drops the data the moment the signed-in user changes, and ignores an answer asked for before', async () => {
    let answer: (value: unknown) => void = () => {}
    const load = vi.fn().mockResolvedValueOnce({ rows: 5 }).mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
    const { store, page } = await setup(load)
    store.status = 'authenticated'
    page.show()
    await vi.waitFor(() => expect(page.data.value).toEqual({ rows: 5 }))
    const late = page.refresh()
    store.forget()
    await nextTick()
    expect(page.data.value).toBeUndefined()
    expect(page.access.value).toBe('checking')
    answer({ rows: 99 })
    await late
    expect(page.data.value).toBeUndefined()
  })
})
