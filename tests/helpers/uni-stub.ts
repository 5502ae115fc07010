import { vi } from 'vitest'

/** A minimal in-memory `uni` for unit tests of app modules (storage only, plus spies). */
export function installUniStub(): { storage: Map<string, unknown> } {
  const storage = new Map<string, unknown>()
  const uni = {
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    login: vi.fn(),
    navigateTo: vi.fn(),
  }
  vi.stubGlobal('uni', uni)
  return { storage }
}
