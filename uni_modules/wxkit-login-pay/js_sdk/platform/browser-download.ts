/**
 * H5 only (import it inside `#ifdef H5`): fetch a cloud storage file into a
 * Blob, with progress and abort, the way the kit's H5 pages download.
 *
 * Not uni.downloadFile: uni-h5's implementation always calls
 * `getResponseHeader('content-disposition')` to pick a file name, and a
 * storage URL is cross-origin (the space's CDN), where Chromium logs
 * `Refused to get unsafe header "content-disposition"` for every download
 * whose response does not expose that header — which uniCloud storage never
 * documents doing (docs/unicloud.md §1). The file's name comes from the
 * server's answer instead (the downloads object's `fileName`), so this reads
 * no response header at all: status, progress and body only.
 */

/** Why a browser download did not produce a file. */
export type BrowserDownloadFailure = 'http' | 'network' | 'aborted'

/** A browser download that failed; `status` for 'http'. */
export class BrowserDownloadError extends Error {
  constructor(
    readonly failure: BrowserDownloadFailure,
    readonly status?: number,
  ) {
    super(failure === 'http' ? `download failed with HTTP ${status}` : `download ${failure}`)
    this.name = 'BrowserDownloadError'
  }
}

/** A download in progress. */
export interface BrowserDownload {
  /** The file's bytes (typed by the response's Content-Type), or a BrowserDownloadError. */
  result: Promise<Blob>
  /** Stop it; `result` rejects with failure 'aborted'. */
  abort(): void
}

/**
 * Start fetching `url` (a plain GET: no credentials, no custom headers, so a
 * CORS simple request with no preflight). `onProgress` gets 0–100 whenever the
 * total is known (Content-Length is a CORS-safelisted header).
 */
export function browserDownload(url: string, onProgress?: (percent: number) => void): BrowserDownload {
  const xhr = new XMLHttpRequest()
  const result = new Promise<Blob>((resolve, reject) => {
    xhr.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(Math.min(100, (event.loaded / event.total) * 100))
    }
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response as Blob)
      else reject(new BrowserDownloadError('http', xhr.status))
    }
    xhr.onerror = () => reject(new BrowserDownloadError('network'))
    xhr.ontimeout = () => reject(new BrowserDownloadError('network'))
    xhr.onabort = () => reject(new BrowserDownloadError('aborted'))
  })
  xhr.open('GET', url)
  xhr.responseType = 'blob'
  xhr.send()
  return { result, abort: () => xhr.abort() }
}
