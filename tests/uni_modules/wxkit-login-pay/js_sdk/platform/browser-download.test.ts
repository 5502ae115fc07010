import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { browserDownload, BrowserDownloadError } from '../../../../../uni_modules/wxkit-login-pay/js_sdk/platform/browser-download'
import { installFakeXhr, type FakeXhr } from '../../../../helpers/fake-xhr'

const URL_ = 'http://127.0.0.1:7300/cloudstorage/r.pdf'

let Xhr: typeof FakeXhr
beforeEach(() => {
  Xhr = installFakeXhr()
})
afterEach(() => vi.unstubAllGlobals())

async function failureOf(promise: Promise<unknown>): Promise<BrowserDownloadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(BrowserDownloadError)
  return error as BrowserDownloadError
}

describe('browserDownload', () => {
  it('GETs the URL as a blob, reports progress from the known total, resolves to the body', async () => {
    const seen: number[] = []
    const download = browserDownload(URL_, (percent) => seen.push(percent))
    const xhr = Xhr.last()
    expect({ method: xhr.method, url: xhr.url, responseType: xhr.responseType, sent: xhr.sent }).toEqual({
      method: 'GET',
      url: URL_,
      responseType: 'blob',
      sent: true,
    })
    xhr.progress(250, 1000)
    xhr.progress(300) // no total: nothing to report
    xhr.progress(1000, 1000)
    const body = new Blob(['%PDF-1.4 …'], { type: 'application/pdf' })
    xhr.respond(200, body)
    expect(await download.result).toBe(body)
    expect(seen).toEqual([25, 100])
  })

  it('regression: reads no response header, so Chrome has no unsafe header ("content-disposition") to refuse', async () => {
    const download = browserDownload(URL_)
    const xhr = Xhr.last()
    xhr.respond(200)
    await download.result
    expect(xhr.headerReads).toEqual([])
  })

  it('is a CORS simple request: no custom request headers, no credentials', () => {
    browserDownload(URL_)
    expect(Xhr.last().requestHeaders).toEqual({})
    expect(Xhr.last().withCredentials).toBe(false)
  })

  it.each([404, 403, 500])('an HTTP %i answer fails "http" with the status', async (status) => {
    const download = browserDownload(URL_)
    Xhr.last().respond(status)
    const error = await failureOf(download.result)
    expect(error.failure).toBe('http')
    expect(error.status).toBe(status)
  })

  it('a network failure (or a CORS refusal) fails "network"', async () => {
    const download = browserDownload(URL_)
    Xhr.last().failNetwork()
    expect((await failureOf(download.result)).failure).toBe('network')
  })

  it('abort stops the request and fails "aborted"', async () => {
    const download = browserDownload(URL_)
    download.abort()
    expect(Xhr.last().aborted).toBe(true)
    expect((await failureOf(download.result)).failure).toBe('aborted')
  })
})
