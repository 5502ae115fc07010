import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { clearSession, hasStoredSession, saveGrant } from '../services/session'
import { getLoginCode, loginWithCode, weixinLoginService, type LoginAnswer, type UserView } from '../services/weixin-login'
import { isCloudCallError } from '../services/cloud'
import { forgetDevUser } from '../platform/dev-emulator'

/** `unknown` until the stored session has been checked on launch. */
export type LoginStatus = 'unknown' | 'guest' | 'authenticated'

/** The signed-in user and the session's state. No toasts, no navigation. */
export const useWxkitUserStore = defineStore('wxkit-user', () => {
  const user = ref<UserView | null>(null)
  const status = ref<LoginStatus>('unknown')
  const isLoggedIn = computed(() => status.value === 'authenticated')
  /**
   * Counts the changes of who is signed in (a logout, a refused session, a login as
   * somebody else). Pages keep their own copies of user data (an order list, a form);
   * they watch this (`useSessionScope`) and drop those copies the moment it moves,
   * even while hidden in the page stack.
   */
  const generation = ref(0)

  function accept(answer: LoginAnswer): UserView {
    saveGrant(answer)
    if (status.value !== 'authenticated' || user.value?.userId !== answer.user.userId) generation.value++
    user.value = answer.user
    status.value = 'authenticated'
    return answer.user
  }

  /** Drop the session and every piece of user data the kit keeps, in memory and in storage. */
  function forget(): void {
    clearSession()
    forgetDevUser()
    const wasSignedIn = status.value === 'authenticated'
    user.value = null
    status.value = 'guest'
    if (wasSignedIn) generation.value++
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

  /**
   * Ask the server for the signed-in user again (a page showing the user was
   * shown). A refused session is forgotten; a network failure keeps what is shown.
   */
  async function refreshUser(): Promise<void> {
    if (status.value !== 'authenticated') return
    const asked = generation.value
    try {
      const fresh = (await weixinLoginService.me()).user
      if (generation.value === asked) user.value = fresh
    } catch (error) {
      if (generation.value === asked && isCloudCallError(error)) forget()
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

  return { user, status, isLoggedIn, generation, restore, refreshUser, loginWithWeixin, acceptLogin, whenSessionChecked, ensureLogin, logout, updateProfile, bindPhone, forget }
})
