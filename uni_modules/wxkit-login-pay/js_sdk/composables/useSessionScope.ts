import { watch } from 'vue'
import { useWxkitUserStore } from '../stores/user'

/**
 * For a page that keeps its own copies of the signed-in user's data (an order
 * list, a form filled from the profile, a payment in progress): `drop` runs the
 * moment the signed-in user changes — logout, a refused session, a login as
 * somebody else — even while the page sits hidden in the page stack, so nothing
 * of the previous user stays in memory or comes back on screen. Call it in setup;
 * the page refetches in onShow.
 *
 *   useSessionScope(() => { orders.value = []; loaded.value = false })
 *   onShow(() => gate.requireLogin(() => void load(), '登录后查看订单'))
 */
export function useSessionScope(drop: () => void): void {
  const store = useWxkitUserStore()
  // Synchronous: the data is gone before anything renders again.
  watch(() => store.generation, () => drop(), { flush: 'sync' })
}
