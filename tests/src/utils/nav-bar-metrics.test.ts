import { describe, expect, it } from 'vitest'
import { navBarMetrics, type NavBarInput } from '../../../src/utils/nav-bar-metrics'

const capsule = (top: number, height: number, left: number, right: number) => ({ top, height, left, right, width: right - left, bottom: top + height })

// Real readings (statusBarHeight, capsule rect, window width) from WeChat on each device shape.
const DEVICES: Array<[string, NavBarInput, { statusBarHeight: number; barHeight: number; totalHeight: number; sideInset: number; measured: boolean }]> = [
  ['iPhone 14 (notch)', { statusBarHeight: 47, windowWidth: 390, capsule: capsule(51, 32, 296, 383), platform: 'ios' }, { statusBarHeight: 47, barHeight: 40, totalHeight: 87, sideInset: 94, measured: true }],
  ['iPhone 15 Pro (Dynamic Island)', { statusBarHeight: 54, windowWidth: 393, capsule: capsule(58, 32, 299, 386), platform: 'ios' }, { statusBarHeight: 54, barHeight: 40, totalHeight: 94, sideInset: 94, measured: true }],
  ['iPhone SE (no notch)', { statusBarHeight: 20, windowWidth: 375, capsule: capsule(24, 32, 281, 368), platform: 'ios' }, { statusBarHeight: 20, barHeight: 40, totalHeight: 60, sideInset: 94, measured: true }],
  ['Android (fractional status bar)', { statusBarHeight: 28.57, windowWidth: 360, capsule: capsule(36.57, 32, 266, 353), platform: 'android' }, { statusBarHeight: 28.57, barHeight: 48, totalHeight: 76.57, sideInset: 94, measured: true }],
  ['iPad (landscape-capable, wide window)', { statusBarHeight: 24, windowWidth: 820, capsule: capsule(28, 32, 726, 813), platform: 'ios' }, { statusBarHeight: 24, barHeight: 40, totalHeight: 64, sideInset: 94, measured: true }],
  ['H5 (no capsule, no status bar)', { statusBarHeight: 0, windowWidth: 390, capsule: undefined, platform: 'h5' }, { statusBarHeight: 0, barHeight: 44, totalHeight: 44, sideInset: 0, measured: false }],
  ['Android cold start (capsule rect all zeros)', { statusBarHeight: 24, windowWidth: 360, capsule: capsule(0, 0, 0, 0), platform: 'android' }, { statusBarHeight: 24, barHeight: 48, totalHeight: 72, sideInset: 94, measured: false }],
  ['capsule call threw (iOS)', { statusBarHeight: 44, windowWidth: 375, capsule: null, platform: 'ios' }, { statusBarHeight: 44, barHeight: 44, totalHeight: 88, sideInset: 94, measured: false }],
  ['nonsense gap (PC client)', { statusBarHeight: 0, windowWidth: 414, capsule: capsule(80, 32, 320, 407), platform: 'windows' }, { statusBarHeight: 0, barHeight: 44, totalHeight: 44, sideInset: 94, measured: false }],
]

describe('navBarMetrics', () => {
  it.each(DEVICES)('%s', (_name, input, expected) => {
    expect(navBarMetrics(input)).toEqual(expected)
  })

  it('bar height = capsule height + twice the gap between status bar and capsule', () => {
    for (const gap of [0, 4, 8, 12]) {
      const m = navBarMetrics({ statusBarHeight: 30, windowWidth: 375, capsule: capsule(30 + gap, 32, 281, 368) })
      expect(m.barHeight).toBe(32 + 2 * gap)
      expect(m.totalHeight).toBe(30 + 32 + 2 * gap)
    }
  })

  it('treats a missing status bar height as 0', () => {
    expect(navBarMetrics({ statusBarHeight: Number.NaN, windowWidth: 375 }).statusBarHeight).toBe(0)
  })
})
