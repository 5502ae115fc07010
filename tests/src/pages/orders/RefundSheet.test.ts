// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import type { DefineComponent } from 'vue'
import { quietUniTags } from '../../../helpers/uni-device-stub'
import RefundSheetComponent from '../../../../src/pages/orders/RefundSheet.vue'

/** The sheet's props, for the Node-side typecheck (the *.vue shim types no props). */
interface Props {
  show: boolean
  amount: number
  refunded: number
  refundable: number
  submitting?: boolean
  error?: string
}
const RefundSheet = RefundSheetComponent as unknown as DefineComponent<Props>

quietUniTags()

/** The sheet of a ¥68.00 order with ¥10.00 refunded already. */
function sheet(props: Partial<Props> = {}) {
  return mount(RefundSheet, { props: { show: true, amount: 6800, refunded: 1000, refundable: 5800, ...props } })
}

describe('RefundSheet', () => {
  it('opens on everything that is left, and says what the order has', () => {
    const wrapper = sheet()
    expect((wrapper.get('[data-test=refund-amount]').element as HTMLInputElement).value).toBe('58.00')
    expect(wrapper.get('[data-test=refund-sheet-summary]').text()).toBe('订单金额 ¥68.00 · 已退 ¥10.00 · 最多可退 ¥58.00')
  })

  it('emits the amount in fen and the trimmed reason', async () => {
    const wrapper = sheet()
    await wrapper.get('[data-test=refund-amount]').setValue('10.5')
    await wrapper.get('[data-test=refund-reason]').setValue('  少发一包  ')
    await wrapper.get('[data-test=refund-submit]').trigger('click')
    expect(wrapper.emitted('submit')).toEqual([[{ amount: 1050, reason: '少发一包' }]])
  })

  it('says what is wrong and emits nothing until it is fixed', async () => {
    const wrapper = sheet()
    // No messages before a first try.
    await wrapper.get('[data-test=refund-amount]').setValue('58.01')
    expect(wrapper.find('[data-test=refund-amount-error]').exists()).toBe(false)
    await wrapper.get('[data-test=refund-submit]').trigger('click')
    expect(wrapper.get('[data-test=refund-amount-error]').text()).toBe('最多可退 ¥58.00')
    expect(wrapper.get('[data-test=refund-reason-error]').text()).toBe('请填写退款原因')
    await wrapper.get('[data-test=refund-amount]').setValue('1.234')
    expect(wrapper.get('[data-test=refund-amount-error]').text()).toBe('金额最多两位小数')
    expect(wrapper.emitted('submit')).toBeUndefined()
    await wrapper.get('[data-test=refund-all]').trigger('click')
    await wrapper.get('[data-test=refund-reason]').setValue('不要了')
    expect(wrapper.find('[data-test=refund-amount-error]').exists()).toBe(false)
    await wrapper.get('[data-test=refund-submit]').trigger('click')
    expect(wrapper.emitted('submit')).toEqual([[{ amount: 5800, reason: '不要了' }]])
  })

  it('shows the server’s refusal of what was sent until the form is changed', async () => {
    const wrapper = sheet()
    await wrapper.get('[data-test=refund-reason]').setValue('不要了')
    await wrapper.get('[data-test=refund-submit]').trigger('click')
    await wrapper.setProps({ error: '退款金额超过可退金额' })
    expect(wrapper.get('[data-test=refund-error]').text()).toBe('退款金额超过可退金额')
    await wrapper.get('[data-test=refund-amount]').setValue('8')
    expect(wrapper.find('[data-test=refund-error]').exists()).toBe(false)
  })

  it('while sending: one request, no cancel', async () => {
    const wrapper = sheet({ submitting: true })
    await wrapper.get('[data-test=refund-reason]').setValue('不要了')
    await wrapper.get('[data-test=refund-submit]').trigger('click')
    await wrapper.get('[data-test=refund-cancel]').trigger('click')
    expect(wrapper.emitted('submit')).toBeUndefined()
    expect(wrapper.emitted('cancel')).toBeUndefined()
  })

  it('each opening starts again from the default', async () => {
    const wrapper = sheet()
    await wrapper.get('[data-test=refund-amount]').setValue('3')
    await wrapper.setProps({ show: false })
    expect(wrapper.find('[data-test=refund-sheet]').exists()).toBe(false)
    await wrapper.setProps({ show: true, refundable: 4800 })
    expect((wrapper.get('[data-test=refund-amount]').element as HTMLInputElement).value).toBe('48.00')
  })
})
