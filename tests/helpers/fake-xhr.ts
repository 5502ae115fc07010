import { vi } from 'vitest'

/**
 * A controllable XMLHttpRequest for tests of browser downloads: each `new
 * XMLHttpRequest()` is recorded; a test reports progress, a response, a
 * network error, and sees what the code asked for — including every response
 * header it tried to read (the browser logs "Refused to get unsafe header" for
 * cross-origin ones it was not allowed to see).
 */
export class FakeXhr {
  static instances: FakeXhr[] = []
  method = ''
  url = ''
  responseType: XMLHttpRequestResponseType = ''
  withCredentials = false
  status = 0
  response: unknown = null
  sent = false
  aborted = false
  requestHeaders: Record<string, string> = {}
  headerReads: string[] = []
  onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null = null
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  ontimeout: (() => void) | null = null
  onabort: (() => void) | null = null

  constructor() {
    FakeXhr.instances.push(this)
  }

  open(method: string, url: string): void {
    this.method = method
    this.url = url
  }

  setRequestHeader(name: string, value: string): void {
    this.requestHeaders[name.toLowerCase()] = value
  }

  getResponseHeader(name: string): string | null {
    this.headerReads.push(name.toLowerCase())
    return null
  }

  getAllResponseHeaders(): string {
    this.headerReads.push('*')
    return ''
  }

  send(): void {
    this.sent = true
  }

  abort(): void {
    this.aborted = true
    this.onabort?.()
  }

  /** The test's side: bytes arrived. */
  progress(loaded: number, total?: number): void {
    this.onprogress?.({ lengthComputable: total !== undefined, loaded, total: total ?? 0 })
  }

  /** The test's side: the response is complete. */
  respond(status: number, body: Blob = new Blob(['%PDF-1.4'], { type: 'application/pdf' })): void {
    this.status = status
    this.response = body
    this.onload?.()
  }

  /** The test's side: the request failed (DNS, refused, CORS refused). */
  failNetwork(): void {
    this.onerror?.()
  }

  /** The latest request. */
  static last(): FakeXhr {
    const last = FakeXhr.instances[FakeXhr.instances.length - 1]
    if (!last) throw new Error('no XMLHttpRequest was made')
    return last
  }
}

/** Install FakeXhr as the global XMLHttpRequest (undo with vi.unstubAllGlobals). */
export function installFakeXhr(): typeof FakeXhr {
  FakeXhr.instances = []
  vi.stubGlobal('XMLHttpRequest', FakeXhr)
  return FakeXhr
}
