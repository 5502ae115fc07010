import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../../../e2e/mini-program/runtime/sandbox'

function build(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mp-sandbox-'))
  for (const [name, source] of Object.entries(files)) writeFileSync(path.join(root, name), source)
  return root
}

describe('the mini program realm', () => {
  it('offers what WeChat\'s app service offers, not Node\'s or a browser\'s globals', () => {
    const root = build({ 'app.js': `exports.kinds = ['window', 'document', 'process', 'Buffer', 'fetch', 'XMLHttpRequest', 'require', 'wx'].map((n) => typeof globalThis[n])` })
    const sandbox = createSandbox(root, { wx: {} }, console)
    expect((sandbox.require('app.js') as { kinds: string[] }).kinds).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'object'])
  })

  it('refuses eval and new Function, as WeChat does', () => {
    const root = build({ 'app.js': `exports.run = () => new Function('return 1')()` })
    const sandbox = createSandbox(root, {}, console)
    expect(() => (sandbox.require('app.js') as { run: () => unknown }).run()).toThrow(/Code generation from strings disallowed/)
  })

  it('runs each file once, resolves relative requires inside the build only', () => {
    const root = build({
      'app.js': `exports.a = require('./lib.js').n; exports.b = require('./lib').n`,
      'lib.js': `globalThis.count = (globalThis.count || 0) + 1; exports.n = globalThis.count`,
      'escape.js': `require('../outside.js')`,
    })
    const sandbox = createSandbox(root, {}, console)
    expect(sandbox.require('app.js')).toEqual({ a: 1, b: 1 })
    expect(() => sandbox.require('escape.js')).toThrow('module ../outside.js is outside the mini program')
  })

  it('answers numeric timer ids and cancels every pending timer on clearTimers()', async () => {
    const root = build({ 'app.js': `exports.fired = []; exports.id = setTimeout(() => exports.fired.push(1), 5)` })
    const sandbox = createSandbox(root, {}, console)
    const app = sandbox.require('app.js') as { fired: number[]; id: unknown }
    expect(typeof app.id).toBe('number')
    sandbox.clearTimers()
    await new Promise((r) => setTimeout(r, 20))
    expect(app.fired).toEqual([])
  })

  it('hands data over in the realm\'s own types (arrays stay arrays for exparser)', () => {
    const root = build({ 'app.js': `exports.isArray = (v) => v instanceof Array` })
    const sandbox = createSandbox(root, {}, console)
    const { isArray } = sandbox.require('app.js') as { isArray: (v: unknown) => boolean }
    expect(isArray([1])).toBe(false)
    expect(isArray(sandbox.json([1]))).toBe(true)
  })
})
