/**
 * WeChat's built-in components as the harness renders them: each a shell
 * around its children (`<slot/>`) with the properties tests read, and — for
 * the ones whose tap does something beyond the app's own handlers — that
 * behaviour, run when a tap reaches the component:
 *   button open-type: agreePrivacyAuthorization, getPhoneNumber,
 *     getRealtimePhoneNumber, chooseAvatar, share (combinable with "|");
 *   navigator: navigate / redirect / switchTab / reLaunch / navigateBack.
 * Layout, styles, native rendering (video, map, canvas …) are not simulated.
 */
import type { NativeUi } from './native-ui'
import { PrivacyRefused, type PrivacyState } from './privacy'
import type { MethodCaller } from './exparser'
import type { LocalFiles } from './files'
import type { Renderer } from './renderer'
import type { Sandbox } from './sandbox'
import type { WechatClient } from './wechat-client'

/** Built-in components rendered as plain containers. */
const CONTAINERS = [
  'view', 'text', 'image', 'icon', 'progress', 'rich-text', 'scroll-view', 'swiper', 'swiper-item', 'movable-area', 'movable-view',
  'cover-view', 'cover-image', 'match-media', 'page-container', 'root-portal', 'grid-view', 'list-view', 'sticky-header', 'sticky-section',
  'share-element', 'form', 'label', 'checkbox', 'checkbox-group', 'radio', 'radio-group', 'switch', 'slider', 'picker', 'picker-view',
  'picker-view-column', 'editor', 'keyboard-accessory', 'audio', 'video', 'camera', 'live-player', 'live-pusher', 'voip-room', 'map',
  'canvas', 'web-view', 'ad', 'ad-custom', 'official-account', 'open-data', 'navigation-bar', 'page-meta', 'channel-live', 'channel-video',
  'functional-page-navigator',
]

/** What the built-ins need from the rest of the harness. */
export interface BuiltinServices {
  sandbox: Sandbox
  privacy: PrivacyState
  native: NativeUi
  wechat: WechatClient
  files: LocalFiles
  user(): string
  /** A navigator was tapped. */
  navigate(openType: string, url: string, delta: number): Promise<void>
  /** A share button was tapped: ask the page what to share. */
  share(from: MethodCaller): void
  warn(message: string): void
  report(where: string, error: unknown): void
}

/** Register every built-in component with the renderer. */
export function defineBuiltins(renderer: Renderer, services: BuiltinServices): void {
  const realm = services.sandbox.global as { Boolean: BooleanConstructor; String: StringConstructor; Number: NumberConstructor }
  const hidden = { hidden: { type: realm.Boolean, value: false } }
  for (const name of CONTAINERS) renderer.defineBuiltin(name, { properties: { ...hidden } })

  const onTap = (handler: (caller: MethodCaller) => Promise<void>) =>
    renderer.defineBehavior({
      // exparser: "this.<event>" listens on the component itself (a bare name listens inside its shadow tree).
      listeners: {
        'this.tap'(this: MethodCaller) {
          // Not tracked as a whole: it may wait for the user (privacy sheet); its network calls are.
          handler(this).catch((error) => services.report(`built-in ${this.is} tap`, error))
        },
      },
    })

  renderer.defineBuiltin('button', {
    properties: {
      ...hidden,
      openType: { type: realm.String, value: '' },
      disabled: { type: realm.Boolean, value: false },
      loading: { type: realm.Boolean, value: false },
      size: { type: realm.String, value: 'default' },
      type: { type: realm.String, value: 'default' },
      plain: { type: realm.Boolean, value: false },
      formType: { type: realm.String, value: '' },
      phoneNumberNoQuotaToast: { type: realm.Boolean, value: true },
    },
    behaviors: [onTap((button) => buttonTap(button, services))],
  })

  renderer.defineBuiltin('navigator', {
    properties: {
      ...hidden,
      url: { type: realm.String, value: '' },
      openType: { type: realm.String, value: 'navigate' },
      delta: { type: realm.Number, value: 1 },
      target: { type: realm.String, value: 'self' },
    },
    behaviors: [
      onTap(async (navigator) => {
        const { url, openType, delta, target } = navigator.data as { url: string; openType: string; delta: number; target: string }
        if (target === 'miniProgram') return services.warn('navigator target="miniProgram" is not simulated')
        await services.navigate(openType || 'navigate', url, delta)
      }),
    ],
  })

  const field = {
    ...hidden,
    value: { type: realm.String, value: '' },
    type: { type: realm.String, value: 'text' },
    password: { type: realm.Boolean, value: false },
    placeholder: { type: realm.String, value: '' },
    disabled: { type: realm.Boolean, value: false },
    maxlength: { type: realm.Number, value: 140 },
    focus: { type: realm.Boolean, value: false },
  }
  renderer.defineBuiltin('input', { properties: field })
  renderer.defineBuiltin('textarea', { properties: field })
}

async function buttonTap(button: MethodCaller, services: BuiltinServices): Promise<void> {
  const data = button.data as { disabled: boolean; openType: string }
  if (data.disabled) return
  const types = String(data.openType || '').split('|').filter(Boolean)
  const agrees = types.includes('agreePrivacyAuthorization')
  const detail = (fields: Record<string, unknown>) => services.sandbox.json(fields)
  const fire = (event: string, fields: Record<string, unknown>) => button.triggerEvent(event, detail(fields))

  if (agrees) {
    services.privacy.tapAgreeButton(String((button as { id?: string }).id ?? ''))
    fire('agreeprivacyauthorization', { errMsg: 'agreePrivacyAuthorization:ok' })
  }
  // A privacy-gated open type waits for consent unless the same button just gave it.
  const gate = async (api: string, event: string): Promise<boolean> => {
    if (agrees) return true
    try {
      await services.privacy.gate(api, `button.${api}`)
      return true
    } catch (error) {
      if (!(error instanceof PrivacyRefused)) throw error
      fire(event, { errMsg: error.message, errno: error.errno })
      return false
    }
  }

  for (const type of types) {
    if (type === 'agreePrivacyAuthorization') continue
    if (type === 'getPhoneNumber' || type === 'getRealtimePhoneNumber') {
      const event = type.toLowerCase()
      if (!(await gate(type, event))) continue
      const answer = services.native.phoneNumber
      if (answer === 'deny') fire(event, { errMsg: `${type}:fail user deny` })
      else if (typeof answer === 'object') fire(event, { ...answer })
      // The emulator plays the sheet: a code, or the failure armed there (quota, no permission …).
      else fire(event, { ...(await services.wechat.phoneButton(services.user(), type)) })
    } else if (type === 'chooseAvatar') {
      if (!(await gate('chooseAvatar', 'chooseavatar'))) continue
      const picked = services.native.picks.shift()
      if (!picked) continue
      const avatarUrl = services.files.tempPath(picked.ext)
      services.files.write(avatarUrl, picked.bytes)
      fire('chooseavatar', { avatarUrl })
    } else if (type === 'share') {
      services.share(button)
    } else {
      services.warn(`button open-type="${type}" is not simulated`)
    }
  }
}
