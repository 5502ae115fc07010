// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installDeviceUni } from '../../helpers/uni-device-stub'
import { browserDownloads, useDownload } from '../../../src/composables/useDownload'
import { installFakeXhr, type FakeXhr } from '../../helpers/fake-xhr'
import type { DownloadSource } from '../../../uni_modules/wxkit-login-pay/js_sdk/services/downloads'

const PDF: DownloadSource = { url: 'http://127.0.0.1:7300/cloudstorage/r.pdf', fileName: 'receipt-K1.pdf', fileType: 'pdf' }
const PNG: DownloadSource = { url: 'http://127.0.0.1:7300/cloudstorage/q.png', fileName: 'product-p-mug.png', fileType: 'png' }

let env: ReturnType<typeof installDeviceUni>
beforeEach(() => {
  env = installDeviceUni()
})
afterEach(() => vi.unstubAllGlobals())

/** Start a download and wait until uni.downloadFile has been called. */
async function begin(source: DownloadSource) {
  const download = useDownload()
  const finished = download.start(async () => source)
  await vi.waitFor(() => expect(env.downloads.calls).toHaveLength(1))
  return { download, finished, call: env.downloads.last() }
}

describe('useDownload (mini program)', () => {
  it('reports progress, then opens a PDF with openDocument and keeps it until cleanup', async () => {
    const { download, finished, call } = await begin(PDF)
    expect(download.state.value).toBe('downloading')
    expect(call.options.url).toBe(PDF.url)
    expect(call.options.filePath).toMatch(/^wxfile:\/\/usr\/download-\d+-receipt-K1\.pdf$/)
    call.progress(35)
    expect(download.progress.value).toBe(35)
    call.progress(80.4)
    expect(download.progress.value).toBe(80)
    call.succeed()
    expect(await finished).toBe(true)
    expect(download.state.value).toBe('done')
    expect(download.progress.value).toBe(100)
    expect(download.outcome.value).toBe('opened')
    expect(download.message.value).toBe('已打开文档')
    expect(env.uni.openDocument).toHaveBeenCalledWith({ filePath: call.options.filePath, fileType: 'pdf', showMenu: true })
    expect(env.unlinkSync).not.toHaveBeenCalled()
    download.cleanup()
    expect(env.unlinkSync).toHaveBeenCalledWith(call.options.filePath)
  })

  it('saves an image after authorize, then deletes the downloaded file', async () => {
    const { download, finished, call } = await begin(PNG)
    call.succeed()
    expect(await finished).toBe(true)
    expect(env.uni.authorize).toHaveBeenCalledWith({ scope: 'scope.writePhotosAlbum' })
    expect(env.uni.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: call.options.filePath })
    expect(env.unlinkSync).toHaveBeenCalledWith(call.options.filePath)
    expect(download.message.value).toBe('已保存到相册')
  })

  it('denied permission: guides to the settings; still refused → failed "denied", no save, file removed', async () => {
    env.uni.authorize.mockRejectedValueOnce({ errMsg: 'authorize:fail auth deny' })
    env.uni.showModal.mockResolvedValueOnce({ confirm: true, cancel: false })
    env.uni.openSetting.mockResolvedValueOnce({ authSetting: { 'scope.writePhotosAlbum': false } })
    const { download, finished, call } = await begin(PNG)
    call.succeed()
    expect(await finished).toBe(false)
    expect(env.uni.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '需要相册权限', confirmText: '去设置' }))
    expect(env.uni.openSetting).toHaveBeenCalled()
    expect(env.uni.saveImageToPhotosAlbum).not.toHaveBeenCalled()
    expect(download.state.value).toBe('failed')
    expect(download.failure.value).toBe('denied')
    expect(download.message.value).toBe('未获得相册权限，图片未保存')
    expect(env.unlinkSync).toHaveBeenCalledWith(call.options.filePath)
  })

  it('denied permission: the user declines to open the settings', async () => {
    env.uni.authorize.mockRejectedValueOnce({ errMsg: 'authorize:fail auth deny' })
    const { download, finished, call } = await begin(PNG)
    call.succeed()
    expect(await finished).toBe(false)
    expect(env.uni.openSetting).not.toHaveBeenCalled()
    expect(download.failure.value).toBe('denied')
  })

  it('denied earlier, allowed in the settings page: saves', async () => {
    env.uni.authorize.mockRejectedValueOnce({ errMsg: 'authorize:fail auth deny' })
    env.uni.showModal.mockResolvedValueOnce({ confirm: true, cancel: false })
    env.uni.openSetting.mockResolvedValueOnce({ authSetting: { 'scope.writePhotosAlbum': true } })
    const { download, finished, call } = await begin(PNG)
    call.succeed()
    expect(await finished).toBe(true)
    expect(env.uni.saveImageToPhotosAlbum).toHaveBeenCalled()
    expect(download.outcome.value).toBe('saved')
  })

  it('network failure: failed with a message, partial file removed, and a retry works', async () => {
    const { download, finished, call } = await begin(PDF)
    call.progress(20)
    call.fail()
    expect(await finished).toBe(false)
    expect(download.state.value).toBe('failed')
    expect(download.failure.value).toBe('network')
    expect(download.message.value).toBe('网络不给力，下载失败，请重试')
    expect(env.unlinkSync).toHaveBeenCalledWith(call.options.filePath)

    const again = download.start(async () => PDF)
    await vi.waitFor(() => expect(env.downloads.calls).toHaveLength(2))
    expect(download.progress.value).toBe(0)
    env.downloads.last().succeed()
    expect(await again).toBe(true)
  })

  it('HTTP error status: failed "http" with the status, nothing opened', async () => {
    const { download, finished, call } = await begin(PDF)
    call.succeed(404)
    expect(await finished).toBe(false)
    expect(download.failure.value).toBe('http')
    expect(download.message.value).toBe('下载失败（404），请稍后重试')
    expect(env.uni.openDocument).not.toHaveBeenCalled()
  })

  it('cancel: aborts the task and ends "cancelled"', async () => {
    const { download, finished, call } = await begin(PDF)
    call.progress(50)
    download.cancel()
    expect(call.aborted).toBe(true)
    expect(await finished).toBe(false)
    expect(download.state.value).toBe('cancelled')
    expect(download.message.value).toBe('已取消下载')
    expect(env.uni.openDocument).not.toHaveBeenCalled()
    expect(env.unlinkSync).toHaveBeenCalledWith(call.options.filePath)
  })

  it('cancel while the URL is still being fetched: no download starts', async () => {
    const download = useDownload()
    let release!: (s: DownloadSource) => void
    const finished = download.start(() => new Promise<DownloadSource>((r) => (release = r)))
    download.cancel()
    release(PDF)
    expect(await finished).toBe(false)
    expect(download.state.value).toBe('cancelled')
    expect(env.downloads.calls).toHaveLength(0)
  })

  it('unsupported type: a clear message, nothing downloaded', async () => {
    const download = useDownload()
    expect(await download.start(async () => ({ url: 'http://x/y.zip', fileName: 'y.zip', fileType: 'zip' }))).toBe(false)
    expect(download.failure.value).toBe('unsupported')
    expect(download.message.value).toBe('暂不支持打开此类文件（zip）')
    expect(env.downloads.calls).toHaveLength(0)
  })

  it('the server refuses the file: its message (e.g. not paid yet)', async () => {
    const download = useDownload()
    const refused = async (): Promise<DownloadSource> => {
      throw { errCode: 'RECEIPT_UNAVAILABLE', errMsg: 'receipts are issued for paid orders' }
    }
    expect(await download.start(refused)).toBe(false)
    expect(download.failure.value).toBe('source')
    expect(download.message.value).toBe('订单支付完成后才能下载收据')
  })

  it('openDocument failing: failed "open" and the file removed', async () => {
    env.uni.openDocument.mockRejectedValueOnce({ errMsg: 'openDocument:fail filetype not supported' })
    const { download, finished, call } = await begin(PDF)
    call.succeed()
    expect(await finished).toBe(false)
    expect(download.failure.value).toBe('open')
    expect(env.unlinkSync).toHaveBeenCalledWith(call.options.filePath)
  })

  it('ignores a second start while one is running', async () => {
    const { download, finished, call } = await begin(PDF)
    expect(await download.start(async () => PDF)).toBe(false)
    call.succeed()
    await finished
    expect(env.downloads.calls).toHaveLength(1)
  })
})

describe('useDownload (H5)', () => {
  let Xhr: typeof FakeXhr
  let clicked: Array<{ href: string; download: string }>
  let revoked: string[]
  beforeEach(() => {
    Xhr = installFakeXhr()
    clicked = []
    revoked = []
    let n = 0
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:http://127.0.0.1:5180/${++n}`)
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url: string) => void revoked.push(url))
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download })
    })
  })
  afterEach(() => vi.restoreAllMocks())

  /** Start a download in the browser and wait until its request is out. */
  async function beginH5(source: DownloadSource) {
    const download = useDownload(browserDownloads)
    const finished = download.start(async () => source)
    await vi.waitFor(() => expect(Xhr.instances).toHaveLength(1))
    return { download, finished, xhr: Xhr.last() }
  }

  it('regression: fetches with its own XHR, never uni.downloadFile (which reads Content-Disposition, refused as an unsafe header)', async () => {
    const { finished, xhr } = await beginH5(PDF)
    xhr.respond(200)
    expect(await finished).toBe(true)
    expect(env.downloads.calls).toHaveLength(0)
    expect(xhr.headerReads).toEqual([])
  })

  it('reports progress, then hands the blob to the browser named from the server’s answer', async () => {
    const { download, finished, xhr } = await beginH5(PDF)
    expect(xhr.url).toBe(PDF.url)
    xhr.progress(412, 1000)
    expect(download.progress.value).toBe(41)
    xhr.respond(200)
    expect(await finished).toBe(true)
    expect(download.progress.value).toBe(100)
    expect(download.outcome.value).toBe('downloaded')
    expect(download.message.value).toBe('已下载')
    expect(clicked).toEqual([{ href: 'blob:http://127.0.0.1:5180/1', download: 'receipt-K1.pdf' }])
    expect(env.uni.openDocument).not.toHaveBeenCalled()
  })

  it('an image is downloaded like any file (no album in a browser)', async () => {
    const { download, finished, xhr } = await beginH5(PNG)
    xhr.respond(200, new Blob(['png'], { type: 'image/png' }))
    expect(await finished).toBe(true)
    expect(download.outcome.value).toBe('downloaded')
    expect(clicked[0].download).toBe('product-p-mug.png')
    expect(env.uni.authorize).not.toHaveBeenCalled()
  })

  it('cancel: aborts the request and ends "cancelled", nothing handed over', async () => {
    const { download, finished, xhr } = await beginH5(PDF)
    xhr.progress(100, 1000)
    download.cancel()
    expect(xhr.aborted).toBe(true)
    expect(await finished).toBe(false)
    expect(download.state.value).toBe('cancelled')
    expect(download.message.value).toBe('已取消下载')
    expect(clicked).toEqual([])
  })

  it('HTTP error status: failed "http" with the status', async () => {
    const { download, finished, xhr } = await beginH5(PDF)
    xhr.respond(404)
    expect(await finished).toBe(false)
    expect(download.failure.value).toBe('http')
    expect(download.message.value).toBe('下载失败（404），请稍后重试')
    expect(clicked).toEqual([])
  })

  it('network failure: failed "network", and a retry works', async () => {
    const { download, finished, xhr } = await beginH5(PDF)
    xhr.failNetwork()
    expect(await finished).toBe(false)
    expect(download.failure.value).toBe('network')
    expect(download.message.value).toBe('网络不给力，下载失败，请重试')
    const again = download.start(async () => PDF)
    await vi.waitFor(() => expect(Xhr.instances).toHaveLength(2))
    Xhr.last().respond(200)
    expect(await again).toBe(true)
  })

  it('frees the blob URL when the page closes before the browser’s delay', async () => {
    const { download, finished, xhr } = await beginH5(PDF)
    xhr.respond(200)
    await finished
    expect(revoked).toEqual([])
    download.cleanup()
    expect(revoked).toEqual(['blob:http://127.0.0.1:5180/1'])
  })
})
