// #ifdef H5
import { browserDownload } from '../../../js_sdk/platform/browser-download'
// #endif

/**
 * Handing a file the server wrote (the CSV export) to the operator, the one
 * place the console branches on platform for files:
 *   H5           → fetched by the kit's own XHR (never uni.downloadFile, which
 *                  reads a header storage does not expose: js_sdk/platform/
 *                  browser-download.ts), then the browser's download (<a download>),
 *                  named from the server's answer;
 *   mini program → uni.downloadFile into the user data folder, then
 *                  wx.shareFileMessage (转发到聊天, base library 2.16.1+), which
 *                  WeChat allows only in a tap: the modal's button is one.
 */

/** A file the server stored: its temporary URL and name. */
export interface StoredFile {
  url: string
  fileName: string
}

/** How it went: handed over, or cancelled by the operator. */
export type SaveOutcome = 'downloaded' | 'shared' | 'cancelled'

// #ifdef H5
async function saveInBrowser(file: StoredFile): Promise<SaveOutcome> {
  const blob = await browserDownload(file.url).result
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = file.fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The browser has taken the blob once the click is handled.
  setTimeout(() => URL.revokeObjectURL(href), 30_000)
  return 'downloaded'
}
// #endif

// #ifdef MP-WEIXIN
async function shareInMiniProgram(file: StoredFile): Promise<SaveOutcome> {
  const root = (uni as unknown as { env?: { USER_DATA_PATH?: string } }).env?.USER_DATA_PATH
  const filePath = root ? `${root}/${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}` : undefined
  const path = await new Promise<string>((resolve, reject) => {
    const options: UniApp.DownloadFileOption & { filePath?: string } = {
      url: file.url,
      success: (res) => {
        const saved = (res as { filePath?: string }).filePath || res.tempFilePath
        if (res.statusCode === 200 && saved) resolve(saved)
        else reject(new Error(`download answered ${res.statusCode}`))
      },
      fail: reject,
    }
    if (filePath) options.filePath = filePath
    uni.downloadFile(options)
  })
  const { confirm } = await uni.showModal({ title: '导出完成', content: `${file.fileName} 已生成，转发到聊天后可在电脑上打开`, confirmText: '转发', cancelText: '取消' })
  if (!confirm) return 'cancelled'
  // uni passes APIs it does not wrap through to wx: this is wx.shareFileMessage.
  const share = (uni as unknown as { shareFileMessage(options: { filePath: string; fileName: string; success(): void; fail(e: unknown): void }): void }).shareFileMessage
  await new Promise<void>((resolve, reject) => share({ filePath: path, fileName: file.fileName, success: () => resolve(), fail: reject }))
  return 'shared'
}
// #endif

/** Hand `file` to the operator on this platform. */
export function saveStoredFile(file: StoredFile): Promise<SaveOutcome> {
  // #ifdef H5
  return saveInBrowser(file)
  // #endif
  // #ifdef MP-WEIXIN
  return shareInMiniProgram(file)
  // #endif
}
