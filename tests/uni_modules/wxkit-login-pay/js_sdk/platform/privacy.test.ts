/** The kit's one onNeedPrivacyAuthorization listener: queued resolves, the sheet of the page on screen, agree / disagree. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installUniStub } from '../../../../helpers/uni-stub'

type Listener = (resolve: (answer: unknown) => void, eventInfo?: { referrer?: string }) => void

let listeners: Listener[]
let needAuthorization: boolean

beforeEach(() => {
  vi.resetModules()
  installUniStub()
  listeners = []
  needAuthorization = true
  vi.stubGlobal('wx', {
    onNeedPrivacyAuthorization: (listener: Listener) => listeners.push(listener),
    getPrivacySetting: ({ success }: { success: (res: unknown) => void }) => success({ needAuthorization, privacyContractName: '《演示小程序隐私保护指引》' }),
    requirePrivacyAuthorize: ({ success, fail }: { success: () => void; fail: (e: unknown) => void }) => {
      // As WeChat does: the listener decides.
      listeners.at(-1)!((answer) => {
        const event = (answer as { event: string }).event
        if (event === 'agree') success()
        else if (event === 'disagree') fail({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized', errno: 104 })
      }, { referrer: 'requirePrivacyAuthorize' })
    },
  })
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const load = () => import('../../../../../uni_modules/wxkit-login-pay/js_sdk/platform/privacy')
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('the privacy listener', () => {
  it('is registered once, however many sheets attach', async () => {
    const privacy = await load()
    privacy.attachPrivacySheet()
    privacy.attachPrivacySheet()
    privacy.installPrivacyListener()
    expect(listeners).toHaveLength(1)
  })

  it('queues every pending call, shows the sheet of the page on screen, and answers them all with the agree button id', async () => {
    const privacy = await load()
    const covered = privacy.attachPrivacySheet()
    const onScreen = privacy.attachPrivacySheet()
    const first = vi.fn()
    const second = vi.fn()
    listeners[0](first, { referrer: 'button.getPhoneNumber' })
    listeners[0](second, { referrer: 'getWeRunData' })
    expect(privacy.privacySheetState).toMatchObject({ open: true, hostId: onScreen.id, purpose: '微信运动步数' })
    expect(privacy.privacySheetState.hostId).not.toBe(covered.id)
    await settle()
    expect(privacy.privacySheetState.contractName).toBe('《演示小程序隐私保护指引》')
    // Each pending call reported the sheet shown, and waits.
    expect(first).toHaveBeenCalledWith({ event: 'exposureAuthorization' })
    expect(first).toHaveBeenCalledTimes(1)

    privacy.answerPrivacy(true)
    expect(first).toHaveBeenLastCalledWith({ buttonId: privacy.PRIVACY_AGREE_BUTTON_ID, event: 'agree' })
    expect(second).toHaveBeenLastCalledWith({ buttonId: 'wxkit-privacy-agree', event: 'agree' })
    expect(privacy.privacySheetState.open).toBe(false)
    // Answered once: a later answer reaches nobody.
    privacy.answerPrivacy(false)
    expect(first).toHaveBeenCalledTimes(2)
  })

  it('disagree fails every pending call', async () => {
    const privacy = await load()
    privacy.attachPrivacySheet()
    const pending = vi.fn()
    listeners[0](pending, { referrer: 'button.chooseAvatar' })
    expect(privacy.privacySheetState.purpose).toBe('头像和昵称')
    privacy.answerPrivacy(false)
    expect(pending).toHaveBeenLastCalledWith({ event: 'disagree' })
  })

  it('a page whose sheet is hidden (covered, or a tab left) does not show it; with no sheet on screen the call is refused at once', async () => {
    const privacy = await load()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const host = privacy.attachPrivacySheet()
    host.setVisible(false)
    const pending = vi.fn()
    listeners[0](pending, { referrer: 'saveImageToPhotosAlbum' })
    expect(pending).toHaveBeenCalledWith({ event: 'disagree' })
    expect(privacy.privacySheetState.open).toBe(false)
    expect(warn).toHaveBeenCalledTimes(1)
    host.setVisible(true)
    const next = vi.fn()
    listeners[0](next, { referrer: 'saveImageToPhotosAlbum' })
    expect(privacy.privacySheetState).toMatchObject({ open: true, hostId: host.id, purpose: '保存图片到相册' })
  })

  it('a sheet whose page closes while asking refuses what its page asked for', async () => {
    const privacy = await load()
    const below = privacy.attachPrivacySheet()
    below.setVisible(false)
    const top = privacy.attachPrivacySheet()
    const pending = vi.fn()
    listeners[0](pending, { referrer: 'button.getPhoneNumber' })
    top.detach()
    expect(pending).toHaveBeenLastCalledWith({ event: 'disagree' })
    expect(privacy.privacySheetState.open).toBe(false)
  })
})

describe('ensurePrivacyConsent', () => {
  it('asks through requirePrivacyAuthorize with the purpose given, and answers the user’s choice', async () => {
    const privacy = await load()
    privacy.attachPrivacySheet()
    const agreed = privacy.ensurePrivacyConsent('头像和昵称')
    await settle()
    expect(privacy.privacySheetState).toMatchObject({ open: true, purpose: '头像和昵称' })
    privacy.answerPrivacy(true)
    expect(await agreed).toBe(true)

    const refused = privacy.ensurePrivacyConsent('保存图片到相册')
    await settle()
    expect(privacy.privacySheetState.purpose).toBe('保存图片到相册')
    privacy.answerPrivacy(false)
    expect(await refused).toBe(false)
  })

  it('answers true without asking when nothing needs consent, or where the privacy API does not exist', async () => {
    needAuthorization = false
    const privacy = await load()
    expect(await privacy.ensurePrivacyConsent('x')).toBe(true)
    expect(privacy.privacySheetState.open).toBe(false)
    vi.stubGlobal('wx', undefined)
    vi.resetModules()
    const bare = await load()
    expect(await bare.ensurePrivacyConsent('x')).toBe(true)
    bare.installPrivacyListener()
    expect(listeners).toHaveLength(0)
  })
})

describe('privacyFailure', () => {
  it.each([
    [{ errMsg: 'getPhoneNumber:fail privacy permission is not authorized', errno: 104 }, 'refused'],
    [{ errMsg: 'x:fail privacy permission is not authorized' }, 'refused'],
    [{ errno: 104 }, 'refused'],
    [{ errMsg: 'getClipboardData:fail api scope is not declared in the privacy agreement', errno: 112 }, 'undeclared'],
    [{ errMsg: 'getPhoneNumber:fail user deny' }, undefined],
    [undefined, undefined],
  ])('%j → %s', async (error, expected) => {
    const { privacyFailure } = await load()
    expect(privacyFailure(error)).toBe(expected)
  })
})
