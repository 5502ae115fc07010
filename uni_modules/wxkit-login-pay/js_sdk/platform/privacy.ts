import { reactive } from 'vue'

/**
 * Privacy consent in the mini program (用户隐私保护指引), as WeChat documents it
 * today (docs/wechat-mini-program.md §8):
 *   - until the user agrees, a privacy-gated API or component (the phone
 *     buttons, chooseAvatar, the nickname input, album saving, WeRun …) stays
 *     pending and WeChat calls the `wx.onNeedPrivacyAuthorization` listener
 *     with `(resolve, { referrer })`;
 *   - `resolve({ buttonId, event: 'agree' })` lets the call go on — only after a
 *     tap on `<button open-type="agreePrivacyAuthorization" id=buttonId>`
 *     (the base library checks it); `resolve({ event: 'disagree' })` fails it
 *     with errno 104; `resolve({ event: 'exposureAuthorization' })` reports the
 *     sheet shown;
 *   - only the last listener registered counts, so this module owns the one
 *     listener: registered once (when the first `<wxkit-privacy-sheet>`
 *     attaches), it queues every pending resolve and shows the sheet of the
 *     page on screen, which answers them all at once.
 * `__usePrivacyCheck__` is not needed: since 2023-10-17 the checks are on
 * whether or not app.json sets it. Below base library 2.32.3 there is no
 * interception (and no listener API): calls go through. On H5 nothing here
 * does anything.
 */

/** The id of the sheet's agree button (what `resolve({ buttonId })` names). */
export const PRIVACY_AGREE_BUTTON_ID = 'wxkit-privacy-agree'

/** errno of a call refused for want of consent. */
export const PRIVACY_REFUSED_ERRNO = 104
/** errno of a call whose data type the mini program did not declare in its privacy guide (MP 后台). */
export const PRIVACY_UNDECLARED_ERRNO = 112

type Answer = { event: 'agree'; buttonId: string } | { event: 'disagree' } | { event: 'exposureAuthorization' }
type Resolve = (answer: Answer) => void

/** What the sheets render: whether one is asking, on which page's sheet, why. */
export const privacySheetState = reactive({
  open: false,
  /** The sheet (attachPrivacySheet id) that shows the request. */
  hostId: 0,
  /** What asked: WeChat's referrer (`button.getPhoneNumber`, `saveImageToPhotosAlbum` …). */
  referrer: '',
  /** What the user is about to use, in words (from the referrer, or what ensurePrivacyConsent was asked for). */
  purpose: '',
  /** The guide's name from getPrivacySetting (e.g. 《xxx小程序隐私保护指引》). */
  contractName: '《隐私保护指引》',
})

const pending: Resolve[] = []
const hosts: Array<{ id: number; visible: boolean }> = []
let nextHostId = 1
let listening = false
/** The purpose ensurePrivacyConsent is asking for (its referrer, requirePrivacyAuthorize, names none). */
let requestedPurpose: string | undefined

interface WxPrivacyApi {
  onNeedPrivacyAuthorization?: (listener: (resolve: Resolve, eventInfo?: { referrer?: string }) => void) => void
  getPrivacySetting?: (options: { success?: (res: { needAuthorization: boolean; privacyContractName?: string }) => void; fail?: () => void }) => void
  requirePrivacyAuthorize?: (options: { success?: () => void; fail?: (error: unknown) => void }) => void
  openPrivacyContract?: (options: { fail?: () => void }) => void
}

// The mini program's own global; the privacy family is used from it directly (callback style, as documented).
declare const wx: WxPrivacyApi | undefined

/** The mini program's `wx` where it has the privacy family, else undefined (H5, old base libraries). */
function privacyApi(): WxPrivacyApi | undefined {
  // #ifdef MP-WEIXIN
  return typeof wx === 'object' && wx ? wx : undefined
  // #endif
  // #ifndef MP-WEIXIN
  return undefined
  // #endif
}

/** The sheet of the page on screen: the last one attached whose page is showing. */
function activeHost(): number | undefined {
  for (let i = hosts.length - 1; i >= 0; i--) if (hosts[i].visible) return hosts[i].id
  return undefined
}

function onNeed(resolve: Resolve, eventInfo?: { referrer?: string }): void {
  const host = activeHost()
  if (host === undefined) {
    // A gated call on a page without a sheet: nothing could ask the user, so refuse it now rather than leave it pending.
    console.warn('[wxkit] a privacy-gated call on a page without <wxkit-privacy-sheet>: refused')
    resolve({ event: 'disagree' })
    return
  }
  pending.push(resolve)
  const referrer = eventInfo?.referrer ?? ''
  privacySheetState.referrer = referrer
  privacySheetState.purpose = (/requirePrivacyAuthorize/.test(referrer) && requestedPurpose) || privacyPurpose(referrer)
  privacySheetState.hostId = host
  if (!privacySheetState.open) {
    privacySheetState.open = true
    void refreshContractName()
  }
  resolve({ event: 'exposureAuthorization' })
}

/** Register the kit's listener (once; later calls do nothing). */
export function installPrivacyListener(): void {
  if (listening) return
  const api = privacyApi()
  if (!api?.onNeedPrivacyAuthorization) return
  api.onNeedPrivacyAuthorization(onNeed)
  listening = true
}

/**
 * A sheet joins: it shows requests while its page is on screen. The sheet
 * reports its page's onShow / onHide, and detaches when unmounted.
 */
export function attachPrivacySheet(): { id: number; setVisible(visible: boolean): void; detach(): void } {
  installPrivacyListener()
  const host = { id: nextHostId++, visible: true }
  // A newly attached sheet belongs to the page being opened, which covers the others.
  for (const other of hosts) other.visible = false
  hosts.push(host)
  return {
    id: host.id,
    setVisible(visible) {
      host.visible = visible
    },
    detach() {
      const at = hosts.indexOf(host)
      if (at >= 0) hosts.splice(at, 1)
      // The page asking is closing: whatever it asked for can no longer go on.
      if (privacySheetState.open && privacySheetState.hostId === host.id) answerPrivacy(false)
    },
  }
}

/** The user's answer on the sheet: every pending call goes on (agree) or fails with errno 104 (disagree). */
export function answerPrivacy(agree: boolean): void {
  const waiting = pending.splice(0)
  privacySheetState.open = false
  for (const resolve of waiting) resolve(agree ? { buttonId: PRIVACY_AGREE_BUTTON_ID, event: 'agree' } : { event: 'disagree' })
}

/** Open the privacy guide configured in the MP backend. */
export function openPrivacyContract(): void {
  privacyApi()?.openPrivacyContract?.({ fail: () => uni.showToast({ title: '暂时无法打开', icon: 'none' }) })
}

/** getPrivacySetting, callback style (WeChat has no Promise style for it); undefined where it does not exist. */
function privacySetting(): Promise<{ needAuthorization: boolean; privacyContractName?: string } | undefined> {
  const api = privacyApi()
  if (!api?.getPrivacySetting) return Promise.resolve(undefined)
  return new Promise((resolve) => api.getPrivacySetting!({ success: resolve, fail: () => resolve(undefined) }))
}

async function refreshContractName(): Promise<void> {
  const setting = await privacySetting()
  if (setting?.privacyContractName) privacySheetState.contractName = setting.privacyContractName
}

/**
 * Ask for consent (wx.requirePrivacyAuthorize, the sheet saying `purpose`)
 * ahead of a gated feature, e.g. one that cannot raise the sheet itself (the
 * nickname input falls back to a plain input without consent): true when
 * consent is given or not needed (H5, nothing declared, old base library).
 */
export async function ensurePrivacyConsent(purpose: string): Promise<boolean> {
  const setting = await privacySetting()
  if (!setting?.needAuthorization) return true
  const api = privacyApi()
  if (!api?.requirePrivacyAuthorize) return true
  installPrivacyListener()
  requestedPurpose = purpose
  try {
    return await new Promise<boolean>((resolve) => api.requirePrivacyAuthorize!({ success: () => resolve(true), fail: () => resolve(false) }))
  } finally {
    requestedPurpose = undefined
  }
}

/**
 * Why a gated call failed on privacy grounds, if it did: `refused` (the user
 * did not agree, errno 104) or `undeclared` (the guide in the MP backend does
 * not declare this data, errno 112).
 */
export function privacyFailure(error: unknown): 'refused' | 'undeclared' | undefined {
  const { errno, errMsg } = (error ?? {}) as { errno?: unknown; errMsg?: unknown }
  if (errno === PRIVACY_UNDECLARED_ERRNO || /not declared in the privacy/i.test(String(errMsg ?? ''))) return 'undeclared'
  if (errno === PRIVACY_REFUSED_ERRNO || /privacy permission is not authorized/i.test(String(errMsg ?? ''))) return 'refused'
  return undefined
}

const PURPOSES: Array<[RegExp, string]> = [
  [/PhoneNumber/i, '手机号授权'],
  [/chooseAvatar|nickname/i, '头像和昵称'],
  [/PhotosAlbum/i, '保存图片到相册'],
  [/WeRun/i, '微信运动步数'],
  [/chooseImage|chooseMedia/i, '选择图片'],
]

/** What the sheet says the user is about to use, from WeChat's referrer. */
export function privacyPurpose(referrer: string): string {
  return PURPOSES.find(([pattern]) => pattern.test(referrer))?.[1] ?? '该功能'
}
