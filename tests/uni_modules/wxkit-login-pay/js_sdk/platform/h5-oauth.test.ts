// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installUniStub } from '../../../../helpers/uni-stub'

const STATE = 'st.signed.by-the-server'

/** The browser as WeChat's redirect leaves it. */
function arriveAt(url: string): void {
  ;(window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url)
}

let loginByOAuth: ReturnType<typeof vi.fn>
beforeEach(() => {
  vi.resetModules()
  installUniStub()
  sessionStorage.clear()
  loginByOAuth = vi.fn(async () => ({ errCode: 0, user: { userId: 'u1' } }))
  vi.stubGlobal('uniCloud', { importObject: () => ({ loginByOAuth }) })
})
afterEach(() => vi.unstubAllGlobals())

async function oauth() {
  const module = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/platform/h5-oauth')
  const { configureWxkit } = await import('../../../../../uni_modules/wxkit-login-pay/js_sdk/app-config')
  configureWxkit({ homePage: '/src/pages/index/index' })
  return module
}

/** What startOAuth leaves in this tab before leaving for WeChat. */
function startedHere(returnPath = '/src/pages/mine/index'): void {
  sessionStorage.setItem('wxkit_oauth_state', STATE)
  sessionStorage.setItem('wxkit_oauth_return', returnPath)
}

describe('captureOAuthReturn / completeOAuth', () => {
  // Regression: the return kept WeChat's #wechat_redirect, which the hash router read as a page.
  it('takes code, state and #wechat_redirect out of the address bar before the router reads it, keeping the rest', async () => {
    const { captureOAuthReturn } = await oauth()
    arriveAt(`https://shop.example/app/?from=ad&code=C1&state=${STATE}#wechat_redirect`)
    expect(captureOAuthReturn()).toEqual({ code: 'C1', state: STATE })
    expect(location.href).toBe('https://shop.example/app/?from=ad')
  })

  it('exchanges the captured code once and answers where to go', async () => {
    const { captureOAuthReturn, completeOAuth } = await oauth()
    startedHere()
    arriveAt(`https://shop.example/?code=C1&state=${STATE}#wechat_redirect`)
    captureOAuthReturn()
    expect(await completeOAuth()).toMatchObject({ kind: 'login', returnPath: '/src/pages/mine/index' })
    expect(loginByOAuth).toHaveBeenCalledTimes(1)
    expect(loginByOAuth.mock.calls[0][0]).toEqual({ code: 'C1', state: 'st.signed.by-the-server', idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/) })
    expect(await completeOAuth()).toBeUndefined()
  })

  it('a refusal (the state this tab sent, no code) is "cancelled", back to the page the user was on', async () => {
    const { captureOAuthReturn, completeOAuth } = await oauth()
    startedHere('/src/pages/product/index?id=p-mug')
    arriveAt(`https://shop.example/?state=${STATE}`)
    expect(captureOAuthReturn()).toEqual({ state: STATE })
    expect(location.href).toBe('https://shop.example/')
    expect(await completeOAuth()).toEqual({ kind: 'cancelled', returnPath: '/src/pages/product/index?id=p-mug' })
    expect(loginByOAuth).not.toHaveBeenCalled()
  })

  it('a used callback URL opened in another tab: OAUTH_STATE_INVALID, nothing exchanged, the address bar clean', async () => {
    const { captureOAuthReturn, completeOAuth } = await oauth()
    arriveAt(`https://shop.example/?code=SPENT&state=${STATE}#wechat_redirect`)
    captureOAuthReturn()
    expect(location.href).toBe('https://shop.example/')
    await expect(completeOAuth()).rejects.toMatchObject({ errCode: 'OAUTH_STATE_INVALID' })
    expect(loginByOAuth).not.toHaveBeenCalled()
  })

  it('leaves an ordinary page alone (a state parameter of its own included)', async () => {
    const { captureOAuthReturn } = await oauth()
    arriveAt('https://shop.example/?state=open#/src/pages/orders/index')
    expect(captureOAuthReturn()).toBeUndefined()
    expect(location.href).toBe('https://shop.example/?state=open#/src/pages/orders/index')
  })
})
