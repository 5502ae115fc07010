// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { installDeviceUni, quietUniTags } from '../../helpers/uni-device-stub'
import DownloadButton from '../../../src/components/DownloadButton.vue'

quietUniTags()

let env: ReturnType<typeof installDeviceUni>
let calls: Array<{ method: string; input: unknown }>
beforeEach(() => {
  env = installDeviceUni()
  calls = []
  const downloads = {
    receiptUrl: async (input: unknown) => {
      calls.push({ method: 'receiptUrl', input })
      return { errCode: 0, url: 'http://127.0.0.1:7300/cloudstorage/abc.pdf', fileName: 'receipt-K1.pdf', fileType: 'pdf', bytes: 900 }
    },
    productCodeUrl: async (input: unknown) => {
      calls.push({ method: 'productCodeUrl', input })
      return { errCode: 0, url: 'http://127.0.0.1:7300/cloudstorage/q.png', fileName: 'product-p-mug.png', fileType: 'png', bytes: 300 }
    },
    manualUrl: async () => {
      throw { errCode: 'FILE_NOT_FOUND', errMsg: 'this product has no manual' }
    },
  }
  vi.stubGlobal('uniCloud', { importObject: (name: string) => (name === 'downloads' ? downloads : {}) })
})
afterEach(() => vi.unstubAllGlobals())

describe('DownloadButton', () => {
  it('asks for the file its props name, shows progress with a cancel link, then emits done', async () => {
    const wrapper = mount(DownloadButton, { props: { kind: 'receipt', targetId: 'order-1', label: '下载收据' } })
    expect(wrapper.get('[data-test=download-start]').text()).toBe('下载收据')
    await wrapper.get('[data-test=download-start]').trigger('click')
    await vi.waitFor(() => expect(env.downloads.calls).toHaveLength(1))
    expect(calls).toEqual([{ method: 'receiptUrl', input: { orderId: 'order-1' } }])
    env.downloads.last().progress(42)
    await flushPromises()
    expect(wrapper.get('[data-test=download-progress]').text()).toBe('42%')
    expect(wrapper.get('progress').attributes('percent')).toBe('42')
    expect(wrapper.find('[data-test=download-cancel]').exists()).toBe(true)
    env.downloads.last().succeed()
    await flushPromises()
    expect(wrapper.emitted('done')).toEqual([['opened']])
    expect(wrapper.get('[data-test=download-status]').text()).toBe('已打开文档')
    expect(wrapper.attributes('data-state')).toBe('done')
  })

  it('cancel stops the download and shows it', async () => {
    const wrapper = mount(DownloadButton, { props: { kind: 'receipt', targetId: 'order-1', label: '下载收据' } })
    await wrapper.get('[data-test=download-start]').trigger('click')
    await vi.waitFor(() => expect(env.downloads.calls).toHaveLength(1))
    await flushPromises()
    await wrapper.get('[data-test=download-cancel]').trigger('click')
    await flushPromises()
    expect(env.downloads.last().aborted).toBe(true)
    expect(wrapper.get('[data-test=download-status]').text()).toBe('已取消下载')
    expect(wrapper.emitted('done')).toBeUndefined()
    expect(wrapper.emitted('failed')).toBeUndefined()
  })

  it('emits failed with the reason and offers a retry', async () => {
    const wrapper = mount(DownloadButton, { props: { kind: 'manual', targetId: 'p-sticker', label: '下载' } })
    await wrapper.get('[data-test=download-start]').trigger('click')
    await flushPromises()
    expect(wrapper.emitted('failed')).toEqual([['source', '文件不存在或已下架']])
    expect(wrapper.get('[data-test=download-start]').text()).toBe('重试')
  })

  it('an image goes to the album; a refusal is reported as failed "denied"', async () => {
    env.uni.authorize.mockRejectedValueOnce({ errMsg: 'authorize:fail auth deny' })
    const wrapper = mount(DownloadButton, { props: { kind: 'product-code', targetId: 'p-mug', label: '保存' } })
    await wrapper.get('[data-test=download-start]').trigger('click')
    await vi.waitFor(() => expect(env.downloads.calls).toHaveLength(1))
    env.downloads.last().succeed()
    await flushPromises()
    expect(wrapper.emitted('failed')).toEqual([['denied', '未获得相册权限，图片未保存']])
  })

  it('removes what it downloaded when its page closes', async () => {
    const wrapper = mount(DownloadButton, { props: { kind: 'receipt', targetId: 'order-1', label: '下载收据' } })
    await wrapper.get('[data-test=download-start]').trigger('click')
    await vi.waitFor(() => expect(env.downloads.calls).toHaveLength(1))
    env.downloads.last().succeed()
    await flushPromises()
    wrapper.unmount()
    expect(env.unlinkSync).toHaveBeenCalledWith(env.downloads.last().options.filePath)
  })
})
