import { e2eLocator } from './locator'

/** Call a WeChat emulator control (tests act as the phone / WeChat's servers). */
export async function emulator<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${e2eLocator().emulatorUrl}/__emulator/v1/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`)
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** A simulated WeChat user unique to this run, with a nickname; it is also the browser's user. */
export async function freshWechatUser(nickname: string): Promise<string> {
  const user = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`
  await emulator('PUT', `users/${user}`, { nickname, unionid: true })
  await emulator('PUT', 'browser', { user })
  return user
}
