import type { Database } from './database'

/** The server-side `uniCloud` global the cloud objects use. */
export interface ServerUniCloud {
  database(): Database
  httpclient: {
    request(url: string, options: Record<string, unknown>): Promise<{ status: number; headers: Record<string, string>; data: unknown }>
  }
  uploadFile(options: { cloudPath: string; fileContent: Uint8Array }): Promise<{ fileID: string }>
  getTempFileURL(options: { fileList: string[] }): Promise<{ fileList: Array<{ fileID: string; tempFileURL: string }> }>
  deleteFile(options: { fileList: string[] }): Promise<unknown>
  importObject(name: string): Record<string, (...args: unknown[]) => Promise<unknown>>
}

declare const uniCloud: ServerUniCloud

/** The uniCloud global, read at call time (the local runtime provides its own per instance). */
export function getUniCloud(): ServerUniCloud {
  return uniCloud
}
