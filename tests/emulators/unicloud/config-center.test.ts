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

  it('keeps the API of the committed module (resolve, hasFile, requireFile)', () => {
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
    expect(() => createConfigCenter({})({ pluginId: '../up' })).toThrow(/invalid pluginId/)
  })
})
