// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import type { DefineComponent } from 'vue'
import { quietUniTags } from '../../../../../helpers/uni-device-stub'
import ConsolePagerComponent from '../../../../../../uni_modules/wxkit-login-pay/pages/console/components/console-pager.vue'

interface Props {
  page: number
  hasMore: boolean
  busy?: boolean
}
const ConsolePager = ConsolePagerComponent as unknown as DefineComponent<Props>

quietUniTags()

describe('console-pager', () => {
  it('is absent for a single page', () => {
    expect(mount(ConsolePager, { props: { page: 1, hasMore: false } }).find('[data-test=pager]').exists()).toBe(false)
  })

  it('says the page and turns either way, the ends disabled', async () => {
    const wrapper = mount(ConsolePager, { props: { page: 1, hasMore: true } })
    expect(wrapper.get('[data-test=page-number]').text()).toBe('第 1 页')
    expect(wrapper.get('[data-test=page-prev]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-test=page-next]').trigger('click')
    await wrapper.setProps({ page: 2, hasMore: false })
    expect(wrapper.get('[data-test=page-next]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-test=page-prev]').trigger('click')
    expect(wrapper.emitted('turn')).toEqual([[1], [-1]])
  })

  it('holds both buttons while a page loads', () => {
    const wrapper = mount(ConsolePager, { props: { page: 2, hasMore: true, busy: true } })
    expect(wrapper.get('[data-test=page-prev]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-test=page-next]').attributes('disabled')).toBeDefined()
  })
})
