/**
 * What the phone's WeChat client asks of WeChat, played by the local WeChat
 * emulator's controls (emulators/wechat/README.md, "Controls"): login codes,
 * phone-number codes, and paying a requestPayment (the emulator checks the
 * paySign exactly as the phone would).
 */

/** An emulator answer that is not 2xx. */
export class EmulatorRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(`emulator answered ${status}`)
    this.name = 'EmulatorRefused'
  }
}

export interface WechatClient {
  /** The mini program's appid (what the phone knows the running app as). */
  appId(): Promise<string>
  /** wx.login: a code for `user`. */
  loginCode(user: string): Promise<string>
  /** A getPhoneNumber code for `user` (the user must have a phone number). */
  phoneCode(user: string): Promise<string>
  /** wx.requestPayment: the user confirms paying; the emulator verifies and pays. */
  pay(params: Record<string, unknown>, user: string): Promise<{ errMsg: string }>
}

/** A client for the emulator at `emulatorUrl`. */
export function createWechatClient(emulatorUrl: string): WechatClient {
  async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${emulatorUrl}/__emulator/v1${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>
    if (!response.ok) throw new EmulatorRefused(response.status, parsed)
    return parsed as T
  }
  let appId: Promise<string> | undefined
  return {
    appId() {
      appId ??= control<{ mp: { appid: string } }>('GET', '/apps').then((apps) => apps.mp.appid)
      return appId
    },
    loginCode: async (user) => (await control<{ code: string }>('POST', '/login/code', { user })).code,
    phoneCode: async (user) => (await control<{ code: string }>('POST', '/phone/code', { user })).code,
    pay: (params, user) => control<{ errMsg: string }>('POST', '/wxpay/pay', { ...params, user }),
  }
}
