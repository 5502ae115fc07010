import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { dispatcherName, handlerDatasetKey, isHandlerDatasetKey, rewriteDynamicHandlers } from '../../../../e2e/mini-program/runtime/wxml-handlers'

const require = createRequire(import.meta.url)
const utils = require('j-component/src/tool/utils') as { dashToCamelCase(s: string): string }

describe('rewriteDynamicHandlers', () => {
  it.each([
    ['<view bindtap="{{a}}"/>', '<view bind:tap="__mph_bind" data-mph-bind-x746170="{{a}}"/>'],
    ['<view catchtap="{{p.h}}"/>', '<view catch:tap="__mph_catch" data-mph-catch-x746170="{{p.h}}"/>'],
    ['<login-panel bindsuccess="{{p}}" bind:__l="__l"/>', '<login-panel bind:success="__mph_bind" data-mph-bind-x73756363657373="{{p}}" bind:__l="__l"/>'],
    ['<view capture-bind:touchstart="{{t}}"/>', '<view capture-bind:touchstart="__mph_capturebind" data-mph-capturebind-x746f7563687374617274="{{t}}"/>'],
    ['<button bindtap="onTap">x</button>', '<button bindtap="onTap">x</button>'],
  ])('%s', (input, output) => {
    expect(rewriteDynamicHandlers(input)).toBe(output)
  })

  it('names the dataset key exactly as j-component derives it from the attribute', () => {
    for (const [kind, event] of [['bind', 'tap'], ['catch', 'getphonenumber'], ['mutbind', 'input'], ['bind', 'update-model-value']]) {
      const attribute = /data-([^=]+)=/.exec(rewriteDynamicHandlers(`<a ${kind === 'mutbind' ? 'mut-bind' : kind}:${event}="{{x}}"/>`))![1]
      expect(utils.dashToCamelCase(attribute.toLowerCase())).toBe(handlerDatasetKey(kind, event))
      expect(isHandlerDatasetKey(handlerDatasetKey(kind, event))).toBe(true)
    }
    expect(isHandlerDatasetKey('test')).toBe(false)
    expect(dispatcherName('bind')).toBe('__mph_bind')
  })
})
