/**
 * Telling the operator what happened: a toast only for text WeChat shows whole
 * (7 characters with an icon), a modal for anything longer, and a confirmation
 * before every action that moves money or tells WeChat something.
 */

const TOAST_MAX_CHARS = 7

/** Say `text`: a plain toast when it fits, else a modal with one button. */
export function tell(text: string): void {
  if ([...text].length <= TOAST_MAX_CHARS) uni.showToast({ title: text, icon: 'none' })
  else void uni.showModal({ title: '提示', content: text, showCancel: false, confirmText: '知道了' })
}

/** Report a success: the tick when it fits, else `tell`. */
export function done(text: string): void {
  if ([...text].length <= TOAST_MAX_CHARS) uni.showToast({ title: text, icon: 'success' })
  else tell(text)
}

/** Ask before doing it; true when the operator confirms. */
export async function confirm(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  const { confirm: yes } = await uni.showModal({ title, content, confirmText, cancelText: '取消' })
  return yes
}
