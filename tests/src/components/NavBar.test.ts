// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { installDeviceUni, quietUniTags } from '../../helpers/uni-device-stub'
import NavBar from '../../../src/components/NavBar.vue'

quietUniTags()

let env: ReturnType<typeof installDeviceUni>
beforeEach(() => {
  env = installDeviceUni()
})
afterEach(() => vi.unstubAllGlobals())

function stack(depth: number): void {
  vi.stubGlobal('getCurrentPages', () => Array.from({ length: depth }, (_, i) => ({ route: `p${i}` })))
}

describe('NavBar', () => {
  it('lines up with the capsule: status bar padding, bar height, spacer = total (iPhone 14)', () => {
    stack(2)
    const wrapper = mount(NavBar, { props: { title: '陶瓷马克杯' } })
    const bar = wrapper.get('[data-test=nav-bar]')
    expect(bar.attributes('style')).toContain('padding-top: 47px')
    expect(wrapper.get('.content').attributes('style')).toContain('height: 40px')
    expect(wrapper.get('.content').attributes('style')).toContain('padding-right: 94px')
    expect(wrapper.get('[data-test=nav-bar-spacer]').attributes('style')).toContain('height: 87px')
    expect(wrapper.get('[data-test=nav-title]').text()).toBe('陶瓷马克杯')
  })

  it('Android: taller bar from the wider gap', () => {
    env.uni.getWindowInfo.mockReturnValue({ statusBarHeight: 24, windowWidth: 360 })
    env.uni.getMenuButtonBoundingClientRect.mockReturnValue({ top: 32, bottom: 64, left: 266, right: 353, width: 87, height: 32 })
    stack(2)
    const wrapper = mount(NavBar, { props: { title: 't' } })
    expect(wrapper.get('[data-test=nav-bar-spacer]').attributes('style')).toContain('height: 72px')
  })

  it('capsule unreadable: falls back to the platform height', () => {
    env.uni.getMenuButtonBoundingClientRect.mockImplementation(() => {
      throw new Error('not ready')
    })
    env.uni.getDeviceInfo.mockReturnValue({ platform: 'android' })
    env.uni.getWindowInfo.mockReturnValue({ statusBarHeight: 24, windowWidth: 360 })
    stack(2)
    const wrapper = mount(NavBar)
    expect(wrapper.get('.content').attributes('style')).toContain('height: 48px')
  })

  it('back goes back when there is a page to go back to', async () => {
    stack(2)
    const wrapper = mount(NavBar, { props: { title: 't' } })
    await wrapper.get('[data-test=nav-back]').trigger('click')
    expect(env.uni.navigateBack).toHaveBeenCalled()
    expect(env.uni.switchTab).not.toHaveBeenCalled()
    expect(wrapper.emitted('back')).toEqual([[false]])
  })

  it('opened directly (share, scan, refresh): back goes to 首页', async () => {
    stack(1)
    const wrapper = mount(NavBar, { props: { title: 't' } })
    await wrapper.get('[data-test=nav-back]').trigger('click')
    expect(env.uni.switchTab).toHaveBeenCalledWith({ url: '/src/pages/index/index' })
    expect(env.uni.navigateBack).not.toHaveBeenCalled()
    expect(wrapper.emitted('back')).toEqual([[true]])
  })

  it('takes the title from the slot, and can hide the back button', () => {
    stack(1)
    const wrapper = mount(NavBar, { props: { back: false }, slots: { default: '<span class="custom">自定义</span>' } })
    expect(wrapper.find('[data-test=nav-back]').exists()).toBe(false)
    expect(wrapper.get('.custom').text()).toBe('自定义')
  })
})
