import { vi } from 'vitest'
import { config } from '@vue/test-utils'

/**
 * A `uni` for component tests of the device features (downloads, album
 * permission, scanning, navigation, window metrics). Every API is a spy; the
 * promise-style ones resolve by default and can be re-mocked per test.
 * `downloads` is a controllable uni.downloadFile: a test reports progress,
 * success or failure on the task it created.
 */

export interface FakeDownload {
  options: UniApp.DownloadFileOption & { filePath?: string }
  aborted: boolean
  progress(percent: number): void
  succeed(statusCode?: number): void
  fail(errMsg?: string): void
}

export function fakeDownloads() {
  const calls: FakeDownload[] = []
  function downloadFile(options: FakeDownload['options']) {
    const listeners: Array<(u: { progress: number; totalBytesWritten: number; totalBytesExpectedToWrite: number }) => void> = []
    let settled = false
    const call: FakeDownload = {
      options,
      aborted: false,
      progress(percent) {
        for (const l of listeners) l({ progress: percent, totalBytesWritten: percent * 10, totalBytesExpectedToWrite: 1000 })
      },
      succeed(statusCode = 200) {
        if (settled) return
        settled = true
        options.success?.({ statusCode, tempFilePath: 'http://tmp/downloaded', ...(options.filePath ? { filePath: options.filePath } : {}) } as UniApp.DownloadSuccessData)
      },
      fail(errMsg = 'downloadFile:fail net::ERR_CONNECTION_REFUSED') {
        if (settled) return
        settled = true
        options.fail?.({ errMsg })
      },
    }
    calls.push(call)
    return {
      onProgressUpdate: (l: (typeof listeners)[number]) => void listeners.push(l),
      offProgressUpdate: () => undefined,
      onHeadersReceived: () => undefined,
      offHeadersReceived: () => undefined,
      abort() {
        call.aborted = true
        call.fail('downloadFile:fail abort')
      },
    }
  }
  return { downloadFile: vi.fn(downloadFile), calls, last: () => calls[calls.length - 1] }
}

/** Install the stub as the global `uni`; answers the spies. */
export function installDeviceUni(overrides: Record<string, unknown> = {}) {
  const downloads = fakeDownloads()
  const unlinkSync = vi.fn()
  const uni = {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    downloadFile: downloads.downloadFile,
    getFileSystemManager: () => ({ unlinkSync }),
    authorize: vi.fn(async () => ({ errMsg: 'authorize:ok' })),
    openSetting: vi.fn(async () => ({ authSetting: {} as Record<string, boolean> })),
    showModal: vi.fn(async () => ({ confirm: false, cancel: true })),
    showToast: vi.fn(),
    saveImageToPhotosAlbum: vi.fn(async () => ({ errMsg: 'saveImageToPhotosAlbum:ok' })),
    openDocument: vi.fn(async () => ({ errMsg: 'openDocument:ok' })),
    scanCode: vi.fn(async (_options?: unknown): Promise<{ result: string; path?: string }> => ({ result: '' })),
    navigateTo: vi.fn(),
    navigateBack: vi.fn(),
    switchTab: vi.fn(),
    getStorageSync: () => '',
    setStorageSync: () => undefined,
    removeStorageSync: () => undefined,
    getWindowInfo: vi.fn(() => ({ statusBarHeight: 47, windowWidth: 390 })),
    getMenuButtonBoundingClientRect: vi.fn(() => ({ top: 51, bottom: 83, left: 296, right: 383, width: 87, height: 32 })),
    getDeviceInfo: vi.fn(() => ({ platform: 'ios' })),
    ...overrides,
  }
  vi.stubGlobal('uni', uni)
  return { uni, downloads, unlinkSync }
}

/** Render uni's built-in tags (<view>, <text>, …) as plain elements without warnings. */
export function quietUniTags(): void {
  config.global.config.warnHandler = (message: string) => {
    if (/Failed to resolve component/.test(message)) return
    console.warn(message)
  }
}
