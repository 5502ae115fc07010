/**
 * Harness self-test: the page stack (runtime/pages.ts) and the navigator
 * built-in give a mini program the lifecycle calls WeChat's routing docs list,
 * driven through a hand-written mini program (fixtures/nav-app) that logs
 * every call. Needs no build: it starts its own WeChat emulator.
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createWechatEmulator, type WechatEmulator } from '../../emulators/wechat'
import { launchMiniProgram, type MiniProgram } from './runtime'

const FIXTURE = path.join(__dirname, 'fixtures/nav-app')

describe('harness: routes and page lifecycles', () => {
  let emulator: WechatEmulator
  let emulatorUrl: string
  const clients: MiniProgram[] = []

  beforeAll(async () => {
    emulator = await createWechatEmulator({})
    emulatorUrl = (await emulator.listen(0)).url
  })
  afterEach(async () => {
    for (const mp of clients.splice(0)) await mp.close()
  })
  afterAll(async () => {
    await emulator?.close()
  })

  async function launch(): Promise<{ mp: MiniProgram; take: () => string[] }> {
    const mp = await launchMiniProgram({ root: FIXTURE, emulatorUrl })
    clients.push(mp)
    const log = (mp.appInstance!.globalData as { log: string[] }).log
    return { mp, take: () => log.splice(0) }
  }

  it('launch, navigateTo (query kept as written), a relative navigator, back', async () => {
    const { mp, take } = await launch()
    expect(take()).toEqual(['App.onLaunch pages/a/index', 'App.onShow', 'A.onLoad {}', 'A.onShow 1', 'A.onReady'])

    await mp.page.tap('to-c')
    expect(take()).toEqual(['A.onHide', 'C.onLoad {"x":"%E4%B8%AD","y":"1"}', 'C.onShow 2', 'C.onReady'])
    await mp.page.tap('to-d')
    expect(take()).toEqual(['C.onHide', 'D.onLoad {}', 'D.onShow 3', 'D.onReady'])
    expect(mp.stack).toEqual(['pages/a/index', 'pages/c/index', 'pages/d/index'])

    await mp.page.tap('open-tab')
    expect(mp.page.get('err').text()).toBe('navigateTo:fail can not navigateTo a tabbar page')

    await mp.back()
    expect(take()).toEqual(['D.onUnload', 'C.onShow 2'])
    await mp.page.tap('back')
    expect(take()).toEqual(['C.onUnload', 'A.onShow 1'])
    await expect(mp.back()).rejects.toThrow('navigateBack:fail cannot navigate back at first page.')
  })

  it('switchTab closes the pages above the tabs; tab pages stay alive; reLaunch unloads everything', async () => {
    const { mp, take } = await launch()
    await mp.page.tap('to-c')
    await mp.page.tap('to-d')
    take()

    await mp.page.tap('to-b')
    expect(take()).toEqual(['D.onUnload', 'C.onUnload', 'B.onLoad {}', 'B.onShow 1', 'B.onReady'])
    await mp.tapTab('A')
    expect(take()).toEqual(['B.onHide', 'A.onShow 1'])
    await mp.tapTab('B')
    expect(take()).toEqual(['A.onHide', 'B.onShow 1'])

    await mp.tapTab('A')
    await mp.page.tap('to-c')
    await mp.page.tap('to-d')
    take()
    await mp.page.tap('relaunch-b')
    expect(take()).toEqual(['D.onUnload', 'C.onUnload', 'A.onUnload', 'B.onUnload', 'B.onLoad {}', 'B.onShow 1', 'B.onReady'])
    expect(mp.stack).toEqual(['pages/b/index'])
  })

  it('redirectTo replaces the page; an EventChannel carries messages back to the opener', async () => {
    const { mp, take } = await launch()
    await mp.page.tap('to-c-channel')
    await mp.page.tap('emit')
    await mp.page.tap('to-d')
    take()
    await mp.page.tap('redirect-c')
    expect(take()).toEqual(['D.onUnload', 'C.onLoad {"from":"d"}', 'C.onShow 3', 'C.onReady'])
    await mp.back()
    await mp.back()
    expect(mp.page.get('got').text()).toBe('hi')
  })
})
