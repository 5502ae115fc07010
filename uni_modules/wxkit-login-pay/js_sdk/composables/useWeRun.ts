import { ref } from 'vue'
import { useWxkitUserStore } from '../stores/user'
import { isCloudCallError } from '../services/cloud'
import { userMessage } from '../services/errors'
import { weixinLoginService } from '../services/weixin-login'
import { privacyFailure } from '../platform/privacy'
import { getWeRunData, sessionKeyAlive } from '../platform/werun'

/** One day of WeChat steps. */
export interface StepDay {
  timestamp: number
  step: number
}

/** The latest day's count (WeChat lists the last 31 days, today last). */
export function latestSteps(days: StepDay[]): number | undefined {
  let latest: StepDay | undefined
  for (const day of days) if (!latest || day.timestamp > latest.timestamp) latest = day
  return latest?.step
}

/** What to tell the user when reading the steps failed. */
export function weRunMessage(error: unknown): string {
  if (isCloudCallError(error)) {
    if (error.errCode === 'SESSION_KEY_STALE') return '登录状态已变化，请稍后重试'
    if (error.errCode === 'OPEN_DATA_EXPIRED') return '步数数据已过期，请重试'
    if (error.errCode === 'OPEN_DATA_INVALID') return '步数数据无效，请重试'
    return userMessage(error)
  }
  const privacy = privacyFailure(error)
  if (privacy === 'refused') return '需同意隐私保护指引后才能查看步数'
  if (privacy === 'undeclared') return '小程序未声明使用微信运动数据'
  const errMsg = String((error as { errMsg?: unknown })?.errMsg ?? '')
  if (/auth den/i.test(errMsg)) return '未授权读取微信运动步数，可在设置中开启'
  return '暂时无法读取微信运动步数'
}

/**
 * Today's WeChat steps through the server: wx.getWeRunData's sealed data goes
 * to weixinLogin.decryptData, which opens it with the session_key stored at
 * login. The data is sealed with the session_key of the last wx.login, so:
 * wx.checkSession first (if WeChat no longer holds that key, log in again
 * before fetching); and when the server answers SESSION_KEY_STALE (the key
 * changed behind our back), log in again and fetch afresh, once. wx.login is
 * not called otherwise: every call may rotate the key.
 */
export function useWeRun() {
  const store = useWxkitUserStore()
  const loading = ref(false)
  const steps = ref<number>()
  const message = ref('')

  async function fetchAndOpen(): Promise<StepDay[]> {
    const sealed = await getWeRunData()
    return (await weixinLoginService.decryptData({ ...sealed, kind: 'werun' })).stepInfoList
  }

  /** Read today's steps; the outcome lands in `steps` or `message`. */
  async function load(): Promise<void> {
    if (loading.value) return
    loading.value = true
    message.value = ''
    try {
      if (!(await sessionKeyAlive())) await store.loginWithWeixin()
      let days: StepDay[]
      try {
        days = await fetchAndOpen()
      } catch (error) {
        if (!isCloudCallError(error) || error.errCode !== 'SESSION_KEY_STALE') throw error
        await store.loginWithWeixin()
        days = await fetchAndOpen()
      }
      steps.value = latestSteps(days)
      if (steps.value === undefined) message.value = '暂无步数记录'
    } catch (error) {
      steps.value = undefined
      message.value = weRunMessage(error)
    } finally {
      loading.value = false
    }
  }

  return { loading, steps, message, load }
}
