import { emulatorControl } from '../../tests/helpers/login'
import { e2eLocator } from './locator'

/** Call a WeChat emulator control (tests act as the phone / WeChat's servers). */
export function emulator<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return emulatorControl<T>(e2eLocator().emulatorUrl, method, `/${path}`, body)
}

/** A simulated WeChat user unique to this run, with a nickname; it is also the browser's user. */
export async function freshWechatUser(nickname: string): Promise<string> {
  const user = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`
  await emulator('PUT', `users/${user}`, { nickname, unionid: true })
  await emulator('PUT', 'browser', { user })
  return user
}
