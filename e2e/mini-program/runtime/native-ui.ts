/**
 * WeChat's own UI around the mini program: toasts, loading, modals, and the
 * native sheets whose answers a test decides (the phone-number sheet, the
 * payment sheet, scanning, picking an image, permission prompts). Toasts and
 * loading are recorded; a modal waits until the test answers it, as a user would.
 */

/** A toast as wx.showToast showed it. */
export interface Toast {
  title: string
  icon: string
}

/** A wx.showModal waiting for the user. */
export interface Modal {
  title: string
  content: string
  showCancel: boolean
  confirmText: string
  cancelText: string
}

/** How the user answers the phone-number sheet: allow, deny, or a failure WeChat reports (quota, …). */
export type PhoneNumberAnswer = 'allow' | 'deny' | { errMsg: string; errno?: number }

/** A file the user picks (chooseImage / chooseAvatar). */
export interface PickedFile {
  bytes: Uint8Array
  /** e.g. 'png', 'jpg' */
  ext: string
}

interface PendingModal extends Modal {
  answer(confirm: boolean): void
}

/** The native UI of one simulated client. */
export class NativeUi {
  readonly toasts: Toast[] = []
  /** The loading title showing now (undefined: none). */
  loading: string | undefined
  readonly loadingShown: string[] = []
  /** Modals answered so far, with the answer. */
  readonly modalsAnswered: (Modal & { confirm: boolean })[] = []
  /** The phone-number sheet's answer. */
  phoneNumber: PhoneNumberAnswer = 'allow'
  /** The steps the phone's WeRun reports to wx.getWeRunData (undefined: the emulator's own 31 days). */
  weRunSteps: { timestamp: number; step: number }[] | undefined = undefined
  /** The payment sheet: the user pays, or closes it. */
  payment: 'pay' | 'cancel' = 'pay'
  /** What the next scans read (a scan with none queued is cancelled by the user). */
  readonly scans: { result: string; scanType?: string; path?: string }[] = []
  /** Files the next chooseImage / chooseAvatar calls pick (none queued: the user cancels). */
  readonly picks: PickedFile[] = []
  /** Answers to permission prompts, per scope ('scope.writePhotosAlbum' …); unset scopes are allowed. */
  readonly permissionAnswers = new Map<string, boolean>()
  /** What the settings page shows after the user toggles there (openSetting), per scope. */
  readonly settingsToggles = new Map<string, boolean>()
  /** Documents wx.openDocument opened. */
  readonly documentsOpened: { filePath: string; fileType: string; bytes: Uint8Array }[] = []
  /** Images saved to the album. */
  readonly album: { filePath: string; bytes: Uint8Array }[] = []
  /** What each share button's page answered from onShareAppMessage. */
  readonly shares: { route: string; answer: unknown }[] = []
  /** The package (prepay_id=…) of every payment the user completed. */
  readonly payments: string[] = []
  private readonly modals: PendingModal[] = []

  /** The modal showing now. */
  get modal(): Modal | undefined {
    const top = this.modals[0]
    return top && { title: top.title, content: top.content, showCancel: top.showCancel, confirmText: top.confirmText, cancelText: top.cancelText }
  }

  /** wx.showModal: resolves with the user's answer. */
  showModal(modal: Modal): Promise<boolean> {
    return new Promise((resolve) => {
      this.modals.push({
        ...modal,
        answer: (confirm) => {
          this.modals.shift()
          this.modalsAnswered.push({ ...modal, confirm })
          resolve(confirm)
        },
      })
    })
  }

  /** The user taps a modal button by its text (confirmText or cancelText). */
  answerModal(buttonText: string): void {
    const top = this.modals[0]
    if (!top) throw new Error('no modal is showing')
    if (buttonText === top.confirmText) return top.answer(true)
    if (top.showCancel && buttonText === top.cancelText) return top.answer(false)
    throw new Error(`the modal "${top.title}" has no button ${buttonText}`)
  }
}
