import { ref, watch } from 'vue'
import { payAdminService } from '../../uni_modules/wxkit-login-pay/js_sdk/services/pay-admin'
import { useSessionScope } from '../../uni_modules/wxkit-login-pay/js_sdk/composables/useSessionScope'
import { useWxkitUserStore } from '../../uni_modules/wxkit-login-pay/js_sdk/stores/user'

/**
 * Whether the signed-in user operates the shop, as the server says
 * (payAdmin.whoami; never a flag the client keeps): asked once per login, so
 * 我的 can offer the merchant console to an operator and to nobody else. The
 * console's pages ask the server again for everything they show.
 */
export function useOperator() {
  const store = useWxkitUserStore()
  const operator = ref<{ name: string }>()
  // The login (store.generation) the answer belongs to; -1: not asked, or worth asking again.
  let askedFor = -1

  async function check(): Promise<void> {
    if (!store.isLoggedIn) return
    const generation = store.generation
    if (askedFor === generation) return
    askedFor = generation
    try {
      const answer = await payAdminService.whoami()
      if (store.generation === generation) operator.value = answer.operator
    } catch (error) {
      if (store.generation !== generation) return
      operator.value = undefined
      // A network failure is asked again next time; a refusal (MERCHANT_ONLY) stands for this login.
      if (!(typeof error === 'object' && error !== null && 'errCode' in error)) askedFor = -1
    }
  }

  useSessionScope(() => {
    operator.value = undefined
    askedFor = -1
  })
  watch(
    () => store.isLoggedIn && store.generation,
    () => void check(),
    { immediate: true },
  )

  return { operator, check }
}
