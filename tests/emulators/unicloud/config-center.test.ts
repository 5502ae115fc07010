/** `require('uni-config-center')` inside cloud code: from options (tests) or a folder (dev). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createConfigCenter } from '../../../emulators/unicloud/config-center'
import type { UniCloudRuntime } from '../../../emulators/unicloud'
import { fixtureRuntime } from './support'

const open: UniCloudRuntime[] = []
const dirs: string[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()))
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
})

describe('uni-config-center in cloud code', () => {
  it('answers config(key) from the runtime options, by dot path', async () => {
    const { runtime } = fixtureRuntime()
    open.push(runtime)
    expect(await runtime.invoke('echo', 'config', ['greeting'])).toEqual({ errCode: 0, value: 'hi' })
    expect(await runtime.invoke('echo', 'config', ['nested.depth'])).toEqual({ errCode: 0, value: 2 })
    expect(await runtime.invoke('echo', 'config', ['nested.missing.deeper'])).toEqual({ errCode: 0, value: null })
  })

  it('reads options lazily (filled after start) and hands out copies', async () => {
    const config: Record<string, unknown> = {}
    const { runtime } = fixtureRuntime({ config })
    open.push(runtime)
    expect(await runtime.invoke('echo', 'config', [])).toEqual({ errCode: 0, value: {} })
    config['demo-plugin'] = { greeting: 'late' }
    expect(await runtime.invoke('echo', 'config', ['greeting'])).toEqual({ errCode: 0, value: 'late' })
    await runtime.invoke('echo', 'mutateConfig', [])
    expect(config['demo-plugin']).toEqual({ greeting: 'late' })
  })

  it('reads <configDir>/<pluginId>/config.json when no config is given', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'config-center-'))
    dirs.push(dir)
    mkdirSync(path.join(dir, 'demo-plugin'))
    writeFileSync(path.join(dir, 'demo-plugin', 'config.json'), JSON.stringify({ greeting: 'from file' }))
    const { runtime } = fixtureRuntime({ config: undefined, configDir: dir })
    open.push(runtime)
    expect(await runtime.invoke('echo', 'config', ['greeting'])).toEqual({ errCode: 0, value: 'from file' })
  })

  it('has the real module\'s file API (resolve, hasFile, requireFile answering undefined for a missing file)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'config-center-'))
    dirs.push(dir)
    mkdirSync(path.join(dir, 'p'))
    writeFileSync(path.join(dir, 'p', 'extra.json'), '{"x":1}')
    const center = createConfigCenter({ configDir: dir })({ pluginId: 'p' })
    expect(center.pluginId).toBe('p')
    expect(center.config()).toEqual({})
    expect(center.resolve('extra.json')).toBe(path.join(dir, 'p', 'extra.json'))
    expect(center.hasFile('extra.json')).toBe(true)
    expect(center.hasFile('nope.json')).toBe(false)
    expect(center.requireFile('extra.json')).toEqual({ x: 1 })
    expect(center.requireFile('missing.js')).toBeUndefined()
    expect(() => center.resolve('../other/config.json')).toThrow(/outside/)
    expect(() => createConfigCenter({})({ pluginId: '../up' })).toThrow(/invalid pluginId/)
  })

  it('deep-merges defaultConfig under the user config, and config(key, default) answers the default for an absent key', () => {
    const center = createConfigCenter({ config: { p: { a: { b: 2 }, list: [3] } } })({
      pluginId: 'p',
      defaultConfig: { a: { b: 1, c: 1 }, list: [1, 2], d: 'default' },
    })
    expect(center.config()).toEqual({ a: { b: 2, c: 1 }, list: [3], d: 'default' })
    expect(center.config('a.c')).toBe(1)
    expect(center.config('a.zzz', 'fallback')).toBe('fallback')
    expect(center.config('a.b', 'fallback')).toBe(2)
  })

  it('uses customMerge instead of the deep merge when given', () => {
    const center = createConfigCenter({ config: { p: { a: { b: 2 } } } })({
      pluginId: 'p',
      defaultConfig: { a: { b: 1, c: 1 } },
      customMerge: (defaults, user) => Object.assign(defaults, user),
    })
    expect(center.config()).toEqual({ a: { b: 2 } })
  })

  it('answers {} for a plugin without a folder or config.json', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'config-center-'))
    dirs.push(dir)
    const center = createConfigCenter({ configDir: dir })({ pluginId: 'absent' })
    expect(center.config()).toEqual({})
    expect(center.config('x')).toBeUndefined()
    expect(center.hasFile('config.json')).toBe(false)
  })
})
