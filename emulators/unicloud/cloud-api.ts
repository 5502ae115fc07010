/**
 * The `uniCloud` object and the `console` cloud code sees, one per cloud object
 * of one runtime (passed through the module wrapper, never a global):
 * `database()`, `httpclient`, `importObject(name)` (in-process, source
 * 'function'), `uploadFile` / `getTempFileURL` / `deleteFile` / `downloadFile`,
 * and `logger`.
 */
import { format } from 'node:util'
import type { Database } from './database'
import type { createHttpClient } from './httpclient'
import type { CloudConsole } from './object-loader'
import type { CloudStorage } from './storage'

export interface CloudApiOptions {
  objectName: string
  db: Database
  storage: CloudStorage
  httpclient: ReturnType<typeof createHttpClient>
  /** Call another object's method in-process, as `source: 'function'`. */
  callObject(name: string, method: string, params: unknown[]): Promise<unknown>
  log: (line: string) => void
}

/** A console whose lines go to the runtime log with the object's prefix. */
export function createCloudConsole(objectName: string, log: (line: string) => void): CloudConsole {
  const write =
    (level?: string) =>
    (...args: unknown[]) =>
      log(`[cloud:${objectName}]${level ? ` ${level}` : ''} ${format(...args)}`)
  return { log: write(), info: write(), debug: write(), warn: write('WARN'), error: write('ERROR'), trace: write('TRACE') }
}

function toBuffer(content: unknown): Buffer {
  if (Buffer.isBuffer(content)) return content
  if (typeof content === 'string') return Buffer.from(content)
  if (content instanceof Uint8Array) return Buffer.from(content)
  if (content instanceof ArrayBuffer) return Buffer.from(new Uint8Array(content))
  throw new TypeError('fileContent must be a Buffer or a string')
}

function fileIdsOf(fileList: unknown): string[] {
  if (!Array.isArray(fileList) || fileList.length === 0) throw new TypeError('fileList must be a non-empty array')
  return fileList.map((f) => (typeof f === 'string' ? f : String((f as { fileID?: unknown })?.fileID ?? '')))
}

/** The `uniCloud` of one cloud object. */
export function createCloudApi(options: CloudApiOptions): Record<string, unknown> {
  const { db, storage, httpclient, callObject, objectName } = options
  const logger = createCloudConsole(objectName, options.log)
  return {
    database: () => db,
    httpclient,
    logger: { log: logger.log, info: logger.info, warn: logger.warn, error: logger.error },
    importObject(name: string): Record<string, (...params: unknown[]) => Promise<unknown>> {
      return new Proxy(
        {},
        {
          get(_target, method) {
            // Not a thenable, not a JSON-able value: awaiting or logging the proxy must not call the cloud.
            if (typeof method !== 'string' || method === 'then' || method === 'toJSON') return undefined
            return (...params: unknown[]) => callObject(name, method, params)
          },
        },
      )
    },
    async uploadFile({ cloudPath, fileContent, cloudPathAsRealPath }: { cloudPath: string; fileContent: unknown; cloudPathAsRealPath?: boolean }) {
      const ossPath = storage.newOssPath(cloudPath, cloudPathAsRealPath === true)
      storage.put(ossPath, toBuffer(fileContent))
      return { fileID: storage.fileIdOf(ossPath) }
    },
    async getTempFileURL({ fileList }: { fileList: unknown }) {
      return { fileList: fileIdsOf(fileList).map((fileID) => ({ fileID, tempFileURL: storage.tempUrl(fileID) })) }
    },
    async deleteFile({ fileList }: { fileList: unknown }) {
      return {
        fileList: fileIdsOf(fileList).map((fileID) => {
          const ossPath = storage.ossPathOf(fileID)
          const deleted = ossPath ? storage.remove(ossPath) : false
          return { fileID, code: deleted ? 'SUCCESS' : 'FILE_NOT_FOUND' }
        }),
      }
    },
    async downloadFile({ fileID }: { fileID: string }) {
      const ossPath = storage.ossPathOf(fileID)
      const content = ossPath ? storage.read(ossPath) : undefined
      if (!content) throw Object.assign(new Error('file not found'), { code: 'FILE_NOT_FOUND' })
      return { fileContent: content }
    },
  }
}
