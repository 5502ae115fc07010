/**
 * Development only: the local WeChat emulator stands in for the phone, so the
 * mini-program flows (wx.login codes, getPhoneNumber codes, paying) can be
 * clicked through in a browser. Enabled when the H5 build is given
 * VITE_WX_EMULATOR_URL (npm run dev and the e2e build do this); absent from
 * production builds.
 */
const DEV_USER_KEY = 'wxkit_dev_user'

/** The emulator's base URL, or undefined outside development. */
export function emulatorUrl(): string | undefined {
  const url = import.meta.env.VITE_WX_EMULATOR_URL as string | undefined
  return url || undefined
}

/** The simulated WeChat user this browser acts as. */
export function devUser(): string {
  return (uni.getStorageSync(DEV_USER_KEY) as string) || 'alice'
}

/** Act as another simulated user from now on. */
export function setDevUser(user: string): void {
  uni.setStorageSync(DEV_USER_KEY, user)
}

/** Forget the simulated user (at logout, no trace of who was signed in stays in storage). */
export function forgetDevUser(): void {
  uni.removeStorageSync(DEV_USER_KEY)
}

/** POST to an emulator control and return its JSON answer. */
export async function emulatorControl<T>(path: string, body: unknown): Promise<T> {
  const base = emulatorUrl()
  if (!base) throw new Error('the WeChat emulator is not configured in this build')
  const res = await fetch(`${base}/__emulator/v1/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`emulator ${path} answered ${res.status}`)
  return (await res.json()) as T
}
