import { ref, shallowRef } from 'vue'
import { userMessage } from '../../uni_modules/wxkit-login-pay/js_sdk/services/errors'

/**
 * Loading / error / data state for one async source, the way every page shows
 * it: a spinner while loading, a message with retry on failure.
 */
export function useAsync<T>(load: () => Promise<T>) {
  const data = shallowRef<T>()
  const loading = ref(false)
  const error = ref('')

  async function run(): Promise<void> {
    loading.value = true
    error.value = ''
    try {
      data.value = await load()
    } catch (e) {
      error.value = userMessage(e)
    } finally {
      loading.value = false
    }
  }

  return { data, loading, error, run }
}
