import { ref } from 'vue'
import { wxkitAppConfig } from '../app-config'
import { useWxkitUserStore } from '../stores/user'

/**
 * Login-aware actions for a page that renders a <wxkit-login-panel>: an action
 * that needs login opens the panel instead, and runs once the panel reports success.
 *
 *   const gate = useLoginGate()
 *   gate.navigateTo(ROUTES.orders, '登录后查看订单')
 *   <wxkit-login-panel :show="gate.visible.value" :reason="gate.reason.value"
 *                      @success="gate.onSuccess" @cancel="gate.onCancel" />
 *
 * Which pages need login is the app's to say (`configureWxkit({ isProtectedPage })`).
 */
export function useLoginGate() {
  const store = useWxkitUserStore()
  const visible = ref(false)
  const reason = ref('')
  let pending: (() => void) | undefined

  /**
   * Run `action` now when logged in; otherwise after a successful login. `why` is
   * what the panel says (登录后购买, 登录后查看订单, …): required, because a generic
   * line tells a buyer nothing about why the sheet opened.
   */
  function requireLogin(action: () => void, why: string): void {
    store.whenSessionChecked((loggedIn) => {
      if (loggedIn) return action()
      pending = action
      reason.value = why
      visible.value = true
    })
  }

  /** uni.navigateTo that asks for login first (saying `why`) when the target page is protected. */
  function navigateTo(url: string, why: string): void {
    const go = () => void uni.navigateTo({ url })
    if (wxkitAppConfig().isProtectedPage(url)) requireLogin(go, why)
    else go()
  }

  function onSuccess(): void {
    visible.value = false
    const action = pending
    pending = undefined
    action?.()
  }

  function onCancel(): void {
    visible.value = false
    pending = undefined
  }

  return { visible, reason, requireLogin, navigateTo, onSuccess, onCancel }
}
