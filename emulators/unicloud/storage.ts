/**
 * Cloud storage state: files on disk under storageDir, addressed by an OSS path
 * (`cloudstorage/<uuid>.<ext>` unless the caller asked for its own path).
 *
 * A fileID has Aliyun's shape, `https://<cdnDomain>/<ossPath>`, with a fixed
 * local domain so stored fileIDs stay valid across restarts and ports. Files are
 * served by the runtime at `/<ossPath>` (the CDN stand-in); `tempUrl` gives that
 * URL once the runtime listens.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { bytes } from './bytes'

/** OSS paths the runtime serves start with this segment. */
export const STORAGE_PREFIX = 'cloudstorage'

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.mp4': 'video/mp4',
  '.mp3': 'audio/mpeg',
}

export interface CloudStorageOptions {
  dir: string
  spaceId: string
  /** The runtime's base URL while it listens. */
  baseUrl: () => string | undefined
}

/** Files of one runtime's cloud storage. */
export class CloudStorage {
  readonly cdnDomain: string

  constructor(private readonly options: CloudStorageOptions) {
    mkdirSync(options.dir, { recursive: true })
    this.cdnDomain = `${options.spaceId}.cdn.unicloud.local`
  }

  /** A fresh OSS path for a cloudPath: random name keeping the extension, or the path itself. */
  newOssPath(cloudPath: string, asRealPath = false): string {
    if (typeof cloudPath !== 'string' || !cloudPath.trim()) throw new TypeError('cloudPath must be a non-empty string')
    if (asRealPath) return this.checkOssPath(`${STORAGE_PREFIX}/${cloudPath.trim().replace(/^\/+/, '')}`)
    const ext = path.extname(cloudPath.trim()).toLowerCase().replace(/[^.a-z0-9]/g, '')
    return `${STORAGE_PREFIX}/${randomUUID()}${ext}`
  }

  /** The fileID of an OSS path. */
  fileIdOf(ossPath: string): string {
    return `https://${this.cdnDomain}/${ossPath}`
  }

  /** The OSS path of a fileID (any host; only the path counts), or undefined. */
  ossPathOf(fileID: string): string | undefined {
    if (typeof fileID !== 'string') return undefined
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(fileID.split('?')[0]).pathname)
    } catch {
      return undefined
    }
    try {
      return this.checkOssPath(pathname.replace(/^\/+/, ''))
    } catch {
      return undefined
    }
  }

  /** Store bytes at an OSS path. */
  put(ossPath: string, content: Buffer): void {
    const file = this.fileOf(ossPath)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, bytes(content))
  }

  /** The bytes at an OSS path, or undefined. */
  read(ossPath: string): Buffer | undefined {
    const file = this.fileOf(ossPath)
    return existsSync(file) ? readFileSync(file) : undefined
  }

  /** Whether a file exists. */
  exists(ossPath: string): boolean {
    return existsSync(this.fileOf(ossPath))
  }

  /** Delete; false when it did not exist. */
  remove(ossPath: string): boolean {
    const file = this.fileOf(ossPath)
    if (!existsSync(file)) return false
    rmSync(file)
    return true
  }

  /** A URL that fetches the file from the runtime, or '' when not listening or unknown. */
  tempUrl(fileID: string): string {
    const ossPath = this.ossPathOf(fileID)
    const base = this.options.baseUrl()
    if (!ossPath || !base || !this.exists(ossPath)) return ''
    return `${base}/${ossPath.split('/').map(encodeURIComponent).join('/')}`
  }

  /** Content type by extension. */
  contentType(ossPath: string): string {
    return CONTENT_TYPES[path.extname(ossPath).toLowerCase()] ?? 'application/octet-stream'
  }

  private checkOssPath(ossPath: string): string {
    const normal = path.posix.normalize(ossPath)
    if (!normal.startsWith(`${STORAGE_PREFIX}/`) || normal.split('/').some((s) => s === '..' || s === '') || normal.includes('\\')) {
      throw new TypeError('invalid cloud storage path')
    }
    return normal
  }

  private fileOf(ossPath: string): string {
    const safe = this.checkOssPath(ossPath)
    return path.join(this.options.dir, ...safe.split('/'))
  }
}
