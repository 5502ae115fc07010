/**
 * WeChat's privacy authorization, as the official docs describe it (see the
 * README for the pages relied on):
 *   - until the user has agreed to the mini program's privacy guide, a
 *     privacy-gated API or component (getPhoneNumber, chooseAvatar,
 *     saveImageToPhotosAlbum, chooseImage …, and wx.requirePrivacyAuthorize)
 *     stays pending;
 *   - with a wx.onNeedPrivacyAuthorization listener, WeChat calls it with
 *     (resolve, { referrer }); resolve({ event: 'agree', buttonId }) lets the
 *     call go on — only after a <button open-type="agreePrivacyAuthorization">
 *     with that id was tapped —, resolve({ event: 'disagree' }) fails it with
 *     "<api>:fail privacy permission is not authorized";
 *     resolve({ event: 'exposureAuthorization' }) only reports the sheet shown;
 *   - without a listener, WeChat shows its own popup (here: answered by the test);
 *   - tapping an agree button records the consent (getPrivacySetting then
 *     answers needAuthorization: false).
 */

/** errno WeChat answers with a privacy refusal. */
export const PRIVACY_NOT_AUTHORIZED_ERRNO = 104

/** The error a refused privacy-gated call fails with. */
export class PrivacyRefused extends Error {
  readonly errno = PRIVACY_NOT_AUTHORIZED_ERRNO
  constructor(readonly api: string) {
    super(`${api}:fail privacy permission is not authorized`)
    this.name = 'PrivacyRefused'
  }
}

/** A privacy-gated call waiting for the user. */
export interface PendingPrivacyCall {
  api: string
  referrer: string
  /** 'listener': the app's onNeedPrivacyAuthorization sheet; 'official': WeChat's own popup. */
  via: 'listener' | 'official'
}

export interface PrivacyOptions {
  /** The mini program declares collecting personal data (else nothing is ever gated). Default true. */
  required?: boolean
  /** The user agreed in an earlier session. Default false. */
  agreed?: boolean
  /** What getPrivacySetting answers as privacyContractName. */
  contractName?: string
}

type Listener = (resolve: (answer: unknown) => void, eventInfo: { referrer: string }) => void

interface Waiter extends PendingPrivacyCall {
  settle(allowed: boolean): void
}

/** The privacy state of one simulated WeChat client, and the harness's controls over it. */
export class PrivacyState {
  required: boolean
  agreed: boolean
  readonly contractName: string
  /** Times the app reported its sheet shown (resolve({ event: 'exposureAuthorization' })). */
  exposures = 0
  /** Times wx.openPrivacyContract opened the guide. */
  contractOpened = 0
  /** Ids of agree buttons the user tapped. */
  readonly agreeButtonsTapped = new Set<string>()
  /** Misuses WeChat would refuse (tests assert there are none). */
  readonly violations: string[] = []
  private listener: Listener | undefined
  private readonly waiters: Waiter[] = []

  constructor(options: PrivacyOptions = {}, private readonly toRealm: <T>(value: T) => T = (v) => v) {
    this.required = options.required ?? true
    this.agreed = options.agreed ?? false
    this.contractName = options.contractName ?? '《小程序隐私保护指引》'
  }

  /** Whether getPrivacySetting reports needAuthorization. */
  get needAuthorization(): boolean {
    return this.required && !this.agreed
  }

  /** The calls waiting for the user now. */
  get pending(): PendingPrivacyCall[] {
    return this.waiters.map(({ api, referrer, via }) => ({ api, referrer, via }))
  }

  /** wx.onNeedPrivacyAuthorization: the last listener registered is the one WeChat calls. */
  onNeed(listener: Listener): void {
    this.listener = listener
  }

  /** Run a privacy-gated call: resolves when it may go on, rejects with PrivacyRefused when refused. */
  gate(api: string, referrer: string): Promise<void> {
    if (!this.needAuthorization) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const via = this.listener ? 'listener' : 'official'
      let settled = false
      const waiter: Waiter = {
        api,
        referrer,
        via,
        settle: (allowed) => {
          if (settled) return
          settled = true
          this.waiters.splice(this.waiters.indexOf(waiter), 1)
          if (allowed) resolve()
          else reject(new PrivacyRefused(api))
        },
      }
      this.waiters.push(waiter)
      const listener = this.listener
      if (listener) listener((answer) => this.answer(waiter, answer), this.toRealm({ referrer }))
    })
  }

  private answer(waiter: Waiter, answer: unknown): void {
    const { event, buttonId } = (answer ?? {}) as { event?: unknown; buttonId?: unknown }
    if (event === 'exposureAuthorization') {
      this.exposures++
      return
    }
    if (event === 'disagree') return waiter.settle(false)
    if (event !== 'agree') {
      this.violations.push(`onNeedPrivacyAuthorization resolve() with unknown event ${JSON.stringify(event)}`)
      return
    }
    // The base library checks that the agree button named here was really tapped.
    if (typeof buttonId !== 'string' || !this.agreeButtonsTapped.has(buttonId)) {
      this.violations.push(`resolve({ event: 'agree' }) for ${waiter.api} without a tap on agree button ${JSON.stringify(buttonId)}`)
      return waiter.settle(false)
    }
    waiter.settle(true)
  }

  /** The user tapped a <button open-type="agreePrivacyAuthorization"> (its id may be empty). */
  tapAgreeButton(buttonId: string): void {
    this.agreed = true
    if (buttonId) this.agreeButtonsTapped.add(buttonId)
  }

  /** The test answers WeChat's own popup (shown when the app registered no listener). */
  answerOfficialPopup(agree: boolean): void {
    const waiters = this.waiters.filter((w) => w.via === 'official')
    if (waiters.length === 0) throw new Error('no official privacy popup is showing')
    if (agree) this.agreed = true
    for (const waiter of waiters) waiter.settle(agree)
  }
}
