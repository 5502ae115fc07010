import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { clearSession, hasStoredSession, saveGrant } from '../services/session'
import { getLoginCode, loginWithCode, weixinLoginService, type LoginAnswer, type UserView } from '../services/weixin-login'
import { isCloudCallError } from '../services/cloud'

/** `unknown` until the stored session has been checked on launch. */
export type LoginStatus = 'unknown' | 'guest' | 'authenticated'

/** The signed-in user and the session's state. No toasts, no navigation. */
export const useWxkitUserStore = defineStore('wxkit-user', () => {
  const user = ref<UserView | null>(null)
  const status = ref<LoginStatus>('unknown')
  const isLoggedIn = computed(() => status.value === 'authenticated')

  function accept(answer: LoginAnswer): UserView {
    saveGrant(answer)
    user.value = answer.user
    status.value = 'authenticated'
    return answer.user
  }

  function forget(): void {
    clearSession()
    user.value = null
    status.value = 'guest'
  }

  /** On launch: check the stored session with the server; clear it when it is no longer valid. */
  async function restore(): Promise<void> {
    if (!hasStoredSession()) {
      status.value = 'guest'
      return
    }
    try {
      user.value = (await weixinLoginService.me()).user
      status.value = 'authenticated'
    } catch (error) {
      // A network failure keeps the session for the next try; a refused one is dropped.
      if (isCloudCallError(error)) forget()
      else status.value = 'guest'
    }
  }

  /** Mini-program login (wx.login code → our session). */
  async function loginWithWeixin(): Promise<UserView> {
    return accept(await loginWithCode(await getLoginCode()))
  }

  /** Accept a login completed elsewhere (H5 OAuth callback). */
  function acceptLogin(answer: LoginAnswer): UserView {
    return accept(answer)
  }

  /**
   * Run `run(loggedIn)` once the stored session has been checked: at once when it
   * is known, else when the launch check (or an OAuth return) settles it — a page
   * opened by reload or link must not ask a logged-in user to log in.
   */
  function whenSessionChecked(run: (loggedIn: boolean) => void): void {
    if (status.value !== 'unknown') return run(isLoggedIn.value)
    const stop = watch(status, (next) => {
      if (next === 'unknown') return
      stop()
      run(next === 'authenticated')
    })
  }

  /** Whether the user is logged in, once the stored session has been checked; pages show the LoginPanel when false. */
  function ensureLogin(): Promise<boolean> {
    return new Promise((resolve) => whenSessionChecked(resolve))
  }

  /** Revoke the session on the server, then forget it here (even if the server is unreachable). */
  async function logout(): Promise<void> {
    try {
      await weixinLoginService.logout()
    } finally {
      forget()
    }
  }

  /** Change nickname and/or avatar. */
  async function updateProfile(input: Parameters<typeof weixinLoginService.updateProfile>[0]): Promise<void> {
    user.value = (await weixinLoginService.updateProfile(input)).user
  }

  /** Bind the phone number behind a phone button's code (`realtime`: a getRealtimePhoneNumber code). */
  async function bindPhone(code: string, kind: 'quick' | 'realtime' = 'quick'): Promise<void> {
    user.value = (await weixinLoginService.bindPhone({ code, kind })).user
  }

  return { user, status, isLoggedIn, restore, loginWithWeixin, acceptLogin, whenSessionChecked, ensureLogin, logout, updateProfile, bindPhone, forget }
})
