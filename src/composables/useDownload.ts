import { getCurrentInstance, onUnmounted, ref } from 'vue'
import { userMessage } from '../../uni_modules/wxkit-login-pay/js_sdk/services/errors'
import type { DownloadSource } from '../../uni_modules/wxkit-login-pay/js_sdk/services/downloads'
import { fileKindOf, fileTypeOf, type FileKind } from '../utils/file-kind'
// #ifdef H5
import { browserDownload, BrowserDownloadError } from '../../uni_modules/wxkit-login-pay/js_sdk/platform/browser-download'
// #endif
// #ifdef MP-WEIXIN
import { ensurePrivacyConsent } from '../../uni_modules/wxkit-login-pay/js_sdk/platform/privacy'
// #endif

/** Where a download is. */
export type DownloadState = 'idle' | 'downloading' | 'done' | 'failed' | 'cancelled'

/** Why a download failed. */
export type DownloadFailure = 'source' | 'network' | 'http' | 'unsupported' | 'denied' | 'open' | 'save'

/** How a finished download was handed over. */
export type DownloadOutcome = 'opened' | 'saved' | 'downloaded'

const ALBUM_SCOPE = 'scope.writePhotosAlbum'

const MESSAGES = {
  network: '网络不给力，下载失败，请重试',
  unsupported: '暂不支持打开此类文件',
  denied: '未获得相册权限，图片未保存',
  privacy: '需同意隐私保护指引后才能保存图片',
  open: '无法打开文档，请稍后重试',
  save: '保存到相册失败，请重试',
  cancelled: '已取消下载',
  opened: '已打开文档',
  saved: '已保存到相册',
  downloaded: '已下载',
} as const

/** A failure with the message the user sees. */
class DownloadError extends Error {
  constructor(
    readonly failure: DownloadFailure,
    message: string,
  ) {
    super(message)
  }
}

/** What a transfer rejects with when it was cancelled. */
const ABORTED = Symbol('aborted')

function errMsgOf(error: unknown): string {
  return String((error as { errMsg?: string })?.errMsg ?? error ?? '')
}

/** The files a page holds: the platform adds what it writes; the composable deletes them. */
export interface HeldFiles {
  add(path: string): void
  remove(path: string): void
}

/** A transfer under way. */
export interface Transfer {
  /** Where the file now is (a local path, or a blob: URL); rejects with DownloadError, or ABORTED. */
  done: Promise<string>
  abort(): void
}

/**
 * What differs per platform: how the bytes come in, how the file reaches the
 * user, and how a held file is deleted. One implementation each, below, in
 * its #ifdef block; useDownload takes the build's unless a test passes one.
 */
export interface DownloadPlatform {
  transfer(source: DownloadSource, onProgress: (percent: number) => void, held: HeldFiles): Transfer
  handOver(file: { kind: FileKind; fileType: string; path: string; fileName: string }, held: HeldFiles): Promise<DownloadOutcome>
  /** Delete a file (already gone: no error). */
  remove(path: string): void
}

const clampPercent = (percent: number) => Math.max(0, Math.min(100, Math.round(percent)))

// #ifdef MP-WEIXIN
/** Where the mini program writes a download (undefined: let the platform pick). */
function targetPath(fileName: string): string | undefined {
  const root = (uni as unknown as { env?: { USER_DATA_PATH?: string } }).env?.USER_DATA_PATH
  if (root) return `${root}/download-${Date.now()}-${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}`
  return undefined
}

/** Ask for the album; after a refusal WeChat no longer asks, so guide the user to the settings page. */
async function ensureAlbumPermission(): Promise<void> {
  // Album writing is privacy-gated: consent comes first, through the page's <wxkit-privacy-sheet>.
  if (!(await ensurePrivacyConsent('保存图片到相册'))) throw new DownloadError('denied', MESSAGES.privacy)
  try {
    await uni.authorize({ scope: ALBUM_SCOPE })
    return
  } catch {
    // refused now or earlier
  }
  const { confirm } = await uni.showModal({
    title: '需要相册权限',
    content: '保存图片需要使用你的相册，请在设置中打开「保存到相册」',
    confirmText: '去设置',
    cancelText: '暂不',
  })
  // openSetting must follow a tap: the modal's button is one.
  if (!confirm) throw new DownloadError('denied', MESSAGES.denied)
  const { authSetting } = (await uni.openSetting()) as { authSetting: Record<string, boolean> }
  if (!authSetting[ALBUM_SCOPE]) throw new DownloadError('denied', MESSAGES.denied)
}

async function saveImage(path: string): Promise<void> {
  await ensureAlbumPermission()
  try {
    await uni.saveImageToPhotosAlbum({ filePath: path })
  } catch (error) {
    if (/cancel/i.test(errMsgOf(error))) throw new DownloadError('save', '已取消保存')
    if (/auth|deny|denied/i.test(errMsgOf(error))) throw new DownloadError('denied', MESSAGES.denied)
    throw new DownloadError('save', MESSAGES.save)
  }
}

/**
 * The mini program: uni.downloadFile into the user data folder; documents
 * open with uni.openDocument; images are saved to the album after asking for
 * scope.writePhotosAlbum (and, once refused, guiding the user to
 * uni.openSetting).
 */
export const miniProgramDownloads: DownloadPlatform = {
  transfer(source, onProgress, held) {
    let cancelled = false
    let task: UniApp.DownloadTask | undefined
    const done = new Promise<string>((resolve, reject) => {
      const filePath = targetPath(source.fileName)
      const options: UniApp.DownloadFileOption & { filePath?: string } = {
        url: source.url,
        success: (res) => {
          const path = (res as { filePath?: string }).filePath || res.tempFilePath
          if (res.statusCode !== 200) {
            if (path) held.remove(path)
            reject(new DownloadError('http', `下载失败（${res.statusCode}），请稍后重试`))
            return
          }
          resolve(path)
        },
        fail: (error) => {
          if (filePath) held.remove(filePath)
          reject(cancelled || /abort/i.test(errMsgOf(error)) ? ABORTED : new DownloadError('network', MESSAGES.network))
        },
      }
      if (filePath) {
        options.filePath = filePath
        held.add(filePath)
      }
      // With success/fail given, uni answers the task (its typings pick the promise overload).
      task = uni.downloadFile(options) as unknown as UniApp.DownloadTask
      task?.onProgressUpdate?.((update) => {
        if (Number.isFinite(update.progress)) onProgress(clampPercent(update.progress))
      })
    })
    return {
      done,
      abort() {
        cancelled = true
        task?.abort()
      },
    }
  },

  async handOver({ kind, fileType, path }, held) {
    if (kind === 'image') {
      try {
        await saveImage(path)
      } finally {
        held.remove(path) // the album has its own copy
      }
      return 'saved'
    }
    try {
      await uni.openDocument({ filePath: path, fileType: fileType as 'pdf', showMenu: true })
    } catch {
      held.remove(path)
      throw new DownloadError('open', MESSAGES.open)
    }
    // Kept while the page is open, so the viewer's 转发 / 保存 still find it.
    return 'opened'
  },

  remove(path) {
    try {
      uni.getFileSystemManager().unlinkSync(path)
    } catch {
      // already gone (or never written)
    }
  },
}
// #endif

// #ifdef H5
/**
 * The browser: the kit's own XHR download (never uni.downloadFile, which reads
 * the Content-Disposition header a storage CDN does not expose: see
 * browser-download.ts) into a blob: URL, then the browser's own download
 * (<a download>) named from the server's answer.
 */
export const browserDownloads: DownloadPlatform = {
  transfer(source, onProgress, held) {
    const download = browserDownload(source.url, (percent) => onProgress(clampPercent(percent)))
    const done = download.result.then(
      (blob) => {
        const path = URL.createObjectURL(blob)
        held.add(path)
        return path
      },
      (error: unknown) => {
        if (error instanceof BrowserDownloadError && error.failure === 'aborted') throw ABORTED
        if (error instanceof BrowserDownloadError && error.failure === 'http') {
          throw new DownloadError('http', `下载失败（${error.status}），请稍后重试`)
        }
        throw new DownloadError('network', MESSAGES.network)
      },
    )
    return { done, abort: () => download.abort() }
  },

  async handOver({ path, fileName }, held) {
    const link = document.createElement('a')
    link.href = path
    link.download = fileName
    link.rel = 'noopener'
    link.style.display = 'none'
    document.body.appendChild(link)
    link.click()
    link.remove()
    // The browser has taken the blob once the click is handled; free it a little later.
    setTimeout(() => held.remove(path), 30_000)
    return 'downloaded'
  },

  remove(path) {
    if (path.startsWith('blob:')) URL.revokeObjectURL(path)
  },
}
// #endif

/** The platform this build runs on. */
function buildPlatform(): DownloadPlatform {
  // #ifdef MP-WEIXIN
  return miniProgramDownloads
  // #endif
  // #ifdef H5
  return browserDownloads
  // #endif
}

/**
 * One download at a time, with its state for the UI: progress while the
 * file comes in, then the hand-over, which is the one place that branches on
 * platform for files (see DownloadPlatform):
 *   mini program → documents open with uni.openDocument; images are saved to the
 *                  album. Files land in the user data folder and are deleted when
 *                  saved, failed, cancelled, or when the page that downloaded them
 *                  closes.
 *   H5           → fetched by the kit's XHR, then the browser's own download
 *                  (<a download>) of the blob, named from the server's answer.
 *
 *   const download = useDownload()
 *   await download.start(() => downloadSource('receipt', orderId))
 *   download.state / progress / message;  download.cancel()
 */
export function useDownload(platform: DownloadPlatform = buildPlatform()) {
  const state = ref<DownloadState>('idle')
  const progress = ref(0)
  const message = ref('')
  const failure = ref<DownloadFailure>()
  const outcome = ref<DownloadOutcome>()
  let transfer: Transfer | undefined
  let cancelRequested = false
  /** Files this page wrote and has not deleted yet. */
  const leftovers = new Set<string>()
  const held: HeldFiles = {
    add: (path) => void leftovers.add(path),
    remove(path) {
      leftovers.delete(path)
      platform.remove(path)
    },
  }

  function finish(next: DownloadState, text: string, why?: DownloadFailure): boolean {
    state.value = next
    message.value = text
    failure.value = why
    transfer = undefined
    return next === 'done'
  }

  /** Download what `source` points at; true when the file reached the user. */
  async function start(source: () => Promise<DownloadSource>): Promise<boolean> {
    if (state.value === 'downloading') return false
    state.value = 'downloading'
    progress.value = 0
    message.value = ''
    failure.value = undefined
    outcome.value = undefined
    cancelRequested = false
    let file: DownloadSource
    try {
      file = await source()
    } catch (error) {
      return finish('failed', userMessage(error), 'source')
    }
    if (cancelRequested) return finish('cancelled', MESSAGES.cancelled)
    const fileType = fileTypeOf(file.fileName, file.fileType)
    const kind = fileKindOf(fileType)
    if (!kind) return finish('failed', `${MESSAGES.unsupported}（${fileType || '未知类型'}）`, 'unsupported')
    try {
      transfer = platform.transfer(file, (percent) => (progress.value = percent), held)
      const path = await transfer.done
      progress.value = 100
      outcome.value = await platform.handOver({ kind, fileType, path, fileName: file.fileName }, held)
      return finish('done', MESSAGES[outcome.value])
    } catch (error) {
      if (error === ABORTED) return finish('cancelled', MESSAGES.cancelled)
      if (error instanceof DownloadError) return finish('failed', error.message, error.failure)
      return finish('failed', MESSAGES.network, 'network')
    }
  }

  /** Stop the download in progress (no-op otherwise). */
  function cancel(): void {
    if (state.value !== 'downloading') return
    cancelRequested = true
    transfer?.abort()
  }

  /** Delete whatever this page downloaded and still holds. */
  function cleanup(): void {
    transfer?.abort()
    for (const path of [...leftovers]) held.remove(path)
  }

  if (getCurrentInstance()) onUnmounted(cleanup)

  return { state, progress, message, failure, outcome, start, cancel, cleanup }
}
