/**
 * What the phone's WeChat client asks of WeChat, played by the local WeChat
 * emulator's controls (emulators/wechat/README.md, "Controls"): login codes,
 * the phone-number buttons, WeRun data, and paying a requestPayment (the
 * emulator checks the paySign exactly as the phone would).
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
  /**
   * A tap on a phone-number button confirmed in the phone's sheet: the callback
   * detail the emulator answers (`{ errMsg, code }`, or `{ errMsg, errno? }` when a
   * failure is armed with POST /phone/button/fail or the user has no number).
   */
  phoneButton(user: string, button: 'getPhoneNumber' | 'getRealtimePhoneNumber'): Promise<{ errMsg: string; code?: string; errno?: number }>
  /** wx.getWeRunData: `{ encryptedData, iv }` sealed under the user's current session_key (refused before any login). */
  weRunData(user: string, stepInfoList?: { timestamp: number; step: number }[]): Promise<{ encryptedData: string; iv: string }>
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
    phoneButton: (user, button) => control<{ errMsg: string; code?: string; errno?: number }>('POST', '/phone/button', { user, button }),
    weRunData: async (user, stepInfoList) => {
      const { encryptedData, iv } = await control<{ encryptedData: string; iv: string }>('POST', '/werun/data', stepInfoList ? { user, stepInfoList } : { user })
      return { encryptedData, iv }
    },
    pay: (params, user) => control<{ errMsg: string }>('POST', '/wxpay/pay', { ...params, user }),
  }
}
