import { ref } from 'vue'
import { useWxkitUserStore } from '../stores/user'
import { isCloudCallError } from '../services/cloud'
import { userMessage } from '../services/errors'
import { PHONE_BUTTON_MESSAGES, phoneButtonFailure, type PhoneButtonDetail, type PhoneButtonKind } from '../platform/phone-button'

/** What became of one phone-button callback, for the page to show. */
export type PhoneOutcome =
  | { kind: 'bound' }
  /** A callback while a code is being exchanged (nothing to show). */
  | { kind: 'ignored' }
  /** The user closed the sheet: a short toast. */
  | { kind: 'cancelled'; message: string }
  /** Anything else: a message worth a modal; `retry` (same code, within its 5 minutes) when the network failed. */
  | { kind: 'failed'; message: string; retry?: () => Promise<PhoneOutcome> }

// Server answers that mean something particular for a phone code.
const EXCHANGE_MESSAGES: Record<string, string> = {
  WX_CODE_INVALID: '手机号授权已过期，请重新授权',
  PHONE_CODE_USED: '该手机号授权已被使用，请重新授权',
  WX_RATE_LIMITED: '操作太频繁，请稍后再试',
}

/**
 * The phone buttons' callbacks → bindPhone, billed-call safe: one exchange
 * at a time (`busy` disables the button; a callback arriving meanwhile is
 * ignored), each code sent once — a network failure offers `retry` with the
 * same code, which the server answers from its record of the code instead of
 * spending another paid callback. No toasts here: the page shows the outcome.
 *
 *   const phone = usePhoneNumber()
 *   <button open-type="getPhoneNumber" :disabled="phone.busy.value" @getphonenumber="(e) => show(await phone.onButton(e.detail, 'quick'))">
 */
export function usePhoneNumber() {
  const store = useWxkitUserStore()
  const busy = ref(false)
  const sent = new Set<string>()

  async function exchange(code: string, kind: PhoneButtonKind): Promise<PhoneOutcome> {
    busy.value = true
    try {
      await store.bindPhone(code, kind)
      return { kind: 'bound' }
    } catch (error) {
      if (!isCloudCallError(error)) return { kind: 'failed', message: '网络不给力，手机号尚未绑定', retry: () => exchange(code, kind) }
      return { kind: 'failed', message: EXCHANGE_MESSAGES[String(error.errCode)] ?? userMessage(error) }
    } finally {
      busy.value = false
    }
  }

  /** Handle a phone button's `e.detail` (or the H5 emulator's stand-in for it). */
  async function onButton(detail: PhoneButtonDetail, kind: PhoneButtonKind): Promise<PhoneOutcome> {
    if (busy.value) return { kind: 'ignored' }
    const failure = phoneButtonFailure(detail)
    if (failure === 'deny') return { kind: 'cancelled', message: PHONE_BUTTON_MESSAGES.deny }
    if (failure) return { kind: 'failed', message: PHONE_BUTTON_MESSAGES[failure] }
    const code = detail.code as string
    if (sent.has(code)) return { kind: 'ignored' }
    sent.add(code)
    return exchange(code, kind)
  }

  return { busy, onButton }
}
