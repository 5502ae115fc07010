import { ref, shallowRef } from 'vue'
import { isCloudCallError } from '../../../js_sdk/services/cloud'
import { userMessage } from '../../../js_sdk/services/errors'
import { useLoginGate } from '../../../js_sdk/composables/useLoginGate'
import { useSessionScope } from '../../../js_sdk/composables/useSessionScope'
import { useWxkitUserStore } from '../../../js_sdk/stores/user'

/**
 * Who may see a console page is the server's decision: a page shows nothing
 * until its own payAdmin call answers. Logged out, it opens the login sheet
 * (and says why); a buyer's call answers MERCHANT_ONLY, and the page shows a
 * refusal and no data; an operator sees the data. Data is dropped the moment
 * the signed-in user changes (the kit's useSessionScope), and answers to calls
 * made before that are ignored.
 *
 *   const page = useConsolePage(() => payAdminService.overview())
 *   onShow(page.show)
 */

/** What a console page may show. */
export type ConsoleAccess = 'checking' | 'login' | 'refused' | 'ready'

export const LOGIN_REASON = '请使用商家管理员的微信登录'

export function useConsolePage<T>(load: () => Promise<T>) {
  const store = useWxkitUserStore()
  const gate = useLoginGate()
  const data = shallowRef<T>()
  const access = ref<ConsoleAccess>('checking')
  const loading = ref(false)
  const error = ref('')
  let round = 0

  useSessionScope(() => {
    round++
    data.value = undefined
    error.value = ''
    loading.value = false
    access.value = 'checking'
  })

  function askLogin(): void {
    access.value = 'login'
    data.value = undefined
    gate.requireLogin(() => void refresh(), LOGIN_REASON)
  }

  /** Ask the server again (after an action, or the operator's 刷新). */
  async function refresh(): Promise<void> {
    const mine = ++round
    loading.value = true
    error.value = ''
    try {
      const value = await load()
      if (mine !== round) return
      data.value = value
      access.value = 'ready'
    } catch (e) {
      if (mine !== round) return
      const code = isCloudCallError(e) ? String(e.errCode) : ''
      if (code === 'MERCHANT_ONLY') {
        data.value = undefined
        access.value = 'refused'
      } else if (code.startsWith('TOKEN_')) {
        // A session the server refused is dropped, as the kit's store does, then the sheet asks again.
        store.forget()
        askLogin()
      } else {
        error.value = userMessage(e)
        // An operator's page keeps what it showed; a first load that failed shows the error alone.
        if (access.value === 'checking') access.value = 'ready'
      }
    } finally {
      if (mine === round) loading.value = false
    }
  }

  /** The page came on screen: load, or ask for login first. */
  function show(): void {
    store.whenSessionChecked((loggedIn) => {
      if (loggedIn) void refresh()
      else askLogin()
    })
  }

  return { data, access, loading, error, refresh, show, gate, login: askLogin }
}
