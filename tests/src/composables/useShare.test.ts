// Node environment on purpose: the local stack in this process reaches the emulator with the
// global fetch, which a DOM environment would replace. The page's location and user agent are stubbed.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startLocalStack, type LocalStack } from '../../../emulators/start'

/** The JS-SDK as the page sees it: records wx.config and the share data, then reports ready. */
const wx = vi.hoisted(() => ({
  configs: [] as Array<Record<string, unknown>>,
  shares: [] as Array<{ api: string; data: Record<string, unknown> }>,
  config(conf: Record<string, unknown>) {
    this.configs.push(conf)
  },
  ready(fn: () => void) {
    setTimeout(fn, 0)
  },
  error(_fn: (e: { errMsg: string }) => void) {},
  updateAppMessageShareData(data: Record<string, unknown>) {
    this.shares.push({ api: 'updateAppMessageShareData', data })
  },
  updateTimelineShareData(data: Record<string, unknown>) {
    this.shares.push({ api: 'updateTimelineShareData', data })
  },
}))
vi.mock('weixin-js-sdk', () => ({ default: wx }))

const WECHAT_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49 NetType/WIFI'
const CHROME_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'

const PAGE = new URL('http://127.0.0.1:5180/?from=timeline#/src/pages/product/index?id=p-mug')

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return (await res.json()) as T
}

let stack: LocalStack
beforeAll(async () => {
  stack = await startLocalStack({ persistent: false, log: () => undefined })
})
afterAll(() => stack?.close())

beforeEach(() => {
  vi.resetModules()
  wx.configs.length = 0
  wx.shares.length = 0
  vi.stubGlobal('uni', { getStorageSync: () => '', setStorageSync: () => undefined, removeStorageSync: () => undefined })
  // The real weixinLogin object in the local runtime answers getJsSdkConfig.
  vi.stubGlobal('uniCloud', {
    importObject: (name: string) =>
      new Proxy(
        {},
        {
          get: (_t, method: string) => async (...params: unknown[]) => {
            const answer = (await stack.runtime.invoke(name, method, params, { clientInfo: { uniPlatform: 'web' } })) as { errCode: unknown }
            if (answer.errCode !== 0) throw answer
            return answer
          },
        },
      ),
  })
})
afterEach(() => vi.unstubAllGlobals())

function setUserAgent(ua: string): void {
  vi.stubGlobal('navigator', { userAgent: ua })
  vi.stubGlobal('location', { href: PAGE.href, origin: PAGE.origin, pathname: PAGE.pathname })
}

const product = { title: '陶瓷马克杯 ¥45.00', desc: '350ml', path: '/src/pages/product/index', query: 'id=p-mug' }

describe('useShare', () => {
  it('mini program answers: chat share with the product path, Moments share with its query', async () => {
    setUserAgent(CHROME_UA)
    const { useShare } = await import('../../../src/composables/useShare')
    const share = useShare(() => product)
    expect(share.appMessage()).toEqual({ title: '陶瓷马克杯 ¥45.00', path: '/src/pages/product/index?id=p-mug' })
    expect(share.timeline()).toEqual({ title: '陶瓷马克杯 ¥45.00', query: 'id=p-mug' })
    expect(useShare(() => ({ ...product, imageUrl: 'https://x/y.png' })).appMessage().imageUrl).toBe('https://x/y.png')
    // Before the product has loaded: the app's home.
    expect(useShare(() => undefined).appMessage()).toEqual({ title: 'uni-wx-kit', path: '/src/pages/index/index' })
    // Outside WeChat nothing configures the JS-SDK.
    await new Promise((r) => setTimeout(r, 20))
    expect(wx.configs).toHaveLength(0)
  })

  it('WeChat browser: wx.config with a signature the emulator accepts for this page, then the share data', async () => {
    setUserAgent(WECHAT_UA)
    const { useShare } = await import('../../../src/composables/useShare')
    useShare(() => product)
    await vi.waitFor(() => expect(wx.shares).toHaveLength(2), { timeout: 5000 })

    const config = wx.configs[0] as { appId: string; timestamp: number; nonceStr: string; signature: string; jsApiList: string[] }
    expect(config.jsApiList).toEqual(['updateAppMessageShareData', 'updateTimelineShareData', 'scanQRCode'])
    // Signed for the page without its #fragment (the hash router's route), query kept.
    const url = 'http://127.0.0.1:5180/?from=timeline'
    const verify = (u: string) => postJson<{ ok: boolean; errMsg: string }>(`${stack.locator.emulatorUrl}/__emulator/v1/jssdk/verify`, { ...config, url: u })
    expect(await verify(url)).toEqual({ ok: true, errMsg: 'config:ok' })
    // The signature is bound to the URL it was made for.
    expect((await verify(`${url}other`)).ok).toBe(false)

    const link = 'http://127.0.0.1:5180/#/src/pages/product/index?id=p-mug'
    expect(wx.shares[0]).toEqual({ api: 'updateAppMessageShareData', data: expect.objectContaining({ title: product.title, desc: '350ml', link }) })
    expect(wx.shares[1]).toEqual({ api: 'updateTimelineShareData', data: expect.objectContaining({ title: product.title, link }) })
  })
})
