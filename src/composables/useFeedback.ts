/**
 * The longest text a toast shows whole: WeChat documents 7 汉字 for icon toasts
 * (success / error / loading) and two lines for plain ones, which the H5 toast
 * breaks anywhere — mid-phrase. Held to 7 for every toast; longer news is a modal.
 */
export const TOAST_MAX_CHARS = 7

/** Whether `text` is short enough for a toast. */
export function fitsToast(text: string): boolean {
  return [...text].length <= TOAST_MAX_CHARS
}

/**
 * Telling the user what happened, the way every page does it: short news as a
 * toast, anything longer (most error messages) as a modal the user closes, so
 * no message is cut or broken across lines.
 */
export function useFeedback() {
  /** Say `text`: a plain toast when it fits, else a modal with one button. */
  function tell(text: string): void {
    if (fitsToast(text)) uni.showToast({ title: text, icon: 'none' })
    else void uni.showModal({ title: '提示', content: text, showCancel: false, confirmText: '知道了' })
  }

  /** Report a success: a toast with the tick when it fits, else `tell`. */
  function done(text: string): void {
    if (fitsToast(text)) uni.showToast({ title: text, icon: 'success' })
    else tell(text)
  }

  /** Ask before doing something that cannot be undone; true when the user confirms. */
  async function confirm(title: string, content: string, confirmText = '确定'): Promise<boolean> {
    const { confirm: yes } = await uni.showModal({ title, content, confirmText, cancelText: '再想想' })
    return yes
  }

  return { tell, done, confirm }
}
