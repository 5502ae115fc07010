import { mpLocator } from './locator'

/** A simulated WeChat user unique to this run (the emulator creates it on first use). */
export async function freshWechatUser(fields: { nickname?: string; phoneNumber?: string } = {}): Promise<string> {
  const user = `mp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`
  const res = await fetch(`${mpLocator().emulatorUrl}/__emulator/v1/users/${user}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ unionid: true, ...fields }),
  })
  if (!res.ok) throw new Error(`emulator PUT users/${user} answered ${res.status}`)
  return user
}
