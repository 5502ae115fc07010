/**
 * The client's local files: temp files (downloads, picked images) and the
 * user data folder (wx.env.USER_DATA_PATH), in memory, with the parts of
 * wx.getFileSystemManager() a mini program typically uses.
 */

export const USER_DATA_PATH = 'wxfile://usr'

/** A failure with WeChat's FileSystemManager message. */
export class FileError extends Error {
  constructor(readonly errMsg: string) {
    super(errMsg)
    this.name = 'FileError'
  }
}

/** In-memory local files of one simulated client. */
export class LocalFiles {
  private readonly files = new Map<string, Uint8Array>()
  private next = 1

  /** A new temp file path with `ext` (no dot). */
  tempPath(ext: string): string {
    return `wxfile://tmp_${(this.next++).toString(36).padStart(6, '0')}${ext ? `.${ext}` : ''}`
  }

  write(path: string, bytes: Uint8Array): void {
    if (!path.startsWith('wxfile://')) throw new FileError(`fail permission denied, open ${path}`)
    this.files.set(path, bytes)
  }

  read(path: string): Uint8Array {
    const bytes = this.files.get(path)
    if (!bytes) throw new FileError(`fail no such file or directory, open ${path}`)
    return bytes
  }

  has(path: string): boolean {
    return this.files.has(path)
  }

  remove(path: string): void {
    if (!this.files.delete(path)) throw new FileError(`fail no such file or directory, unlink ${path}`)
  }

  /** Every path, for tests that check what a flow left behind. */
  list(): string[] {
    return [...this.files.keys()]
  }
}

/** The extension a content type or URL suggests for a downloaded file. */
export function extensionFor(contentType: string | null, url: string): string {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase()
  const byType: Record<string, string> = {
    'application/pdf': 'pdf',
    'image/png': 'png',
    'image/jpeg': 'jpg',
    'image/gif': 'gif',
    'image/svg+xml': 'svg',
    'text/plain': 'txt',
    'application/json': 'json',
  }
  if (byType[type]) return byType[type]
  const match = /\.([A-Za-z0-9]{1,5})(?:$|[?#])/.exec(new URL(url).pathname)
  return match ? match[1].toLowerCase() : ''
}
