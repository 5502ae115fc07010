import { describe, expect, it } from 'vitest'
import { LOCAL_STORAGE_CORS_DOMAINS, originAllowed, storageCorsHeaders } from '../../../emulators/unicloud/storage-cors'

describe('storage 跨域配置', () => {
  it.each([
    ['http://127.0.0.1:5180', LOCAL_STORAGE_CORS_DOMAINS, true],
    ['http://localhost:5173', LOCAL_STORAGE_CORS_DOMAINS, true],
    ['http://127.0.0.2:5180', LOCAL_STORAGE_CORS_DOMAINS, false],
    ['https://shop.example.com', LOCAL_STORAGE_CORS_DOMAINS, false],
    // The port is part of the entry.
    ['https://www.x.com', ['www.x.com'], true],
    ['https://www.x.com:5001', ['www.x.com'], false],
    ['https://www.x.com:5001', ['www.x.com:5001'], true],
    ['https://www.x.com:5001', ['www.x.com:*'], true],
    // A wildcard covers subdomains, not the domain itself.
    ['https://m.x.com', ['*.x.com'], true],
    ['https://x.com', ['*.x.com'], false],
    ['https://evilx.com', ['*.x.com'], false],
    // Pages without an origin of their own.
    ['null', LOCAL_STORAGE_CORS_DOMAINS, false],
    [undefined, LOCAL_STORAGE_CORS_DOMAINS, false],
  ])('origin %s with %j: %s', (origin, domains, allowed) => {
    expect(originAllowed(origin, domains)).toBe(allowed)
  })

  it('allows an origin by echoing it, exposes nothing, and always varies by Origin', () => {
    expect(storageCorsHeaders('http://127.0.0.1:5180', LOCAL_STORAGE_CORS_DOMAINS)).toEqual({ 'access-control-allow-origin': 'http://127.0.0.1:5180', vary: 'Origin' })
    expect(storageCorsHeaders('https://elsewhere.test', LOCAL_STORAGE_CORS_DOMAINS)).toEqual({ vary: 'Origin' })
  })
})
