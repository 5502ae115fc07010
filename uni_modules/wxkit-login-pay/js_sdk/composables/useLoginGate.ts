import { ref } from 'vue'
import { useUserStore } from '../stores/user'
import { isProtectedPage } from '../../../../src/utils/protected-pages'

/**
 * Login-aware actions for a page that renders a <LoginPanel>: an action that
 * needs login opens the panel instead, and runs once the panel reports success.
 *
 *   const gate = useLoginGate()
 *   gate.navigateTo('/src/pages/orders/index')
 *   <LoginPanel :show="gate.visible.value" :reason="gate.reason.value"
 *               @success="gate.onSuccess" @cancel="gate.onCancel" />
 */
export function useLoginGate() {
  const store = useUserStore()
  const visible = ref(false)
  const reason = ref('')
  let pending: (() => void) | undefined

  /** Run `action` now when logged in; otherwise after a successful login. */
  function requireLogin(action: () => void, why = '登录后继续操作'): void {
    store.whenSessionChecked((loggedIn) => {
      if (loggedIn) return action()
      pending = action
      reason.value = why
      visible.value = true
    })
  }

  /** uni.navigateTo that asks for login first when the target page is protected. */
  function navigateTo(url: string): void {
    const go = () => void uni.navigateTo({ url })
    if (isProtectedPage(url)) requireLogin(go, '登录后查看')
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
