import type { Database } from '../shared/database'
import { isDuplicateKeyError } from '../shared/database'
import { CloudError } from '../shared/errors'
import type { Env } from '../shared/env'
import { COLLECTIONS } from '../shared/collections'

/**
 * Files the server generates once and keeps in cloud storage (receipts,
 * manuals, product QR codes). One `wxkit-files` document per file, keyed
 * by what it is (`receipt:<orderId>`, `manual:<productId>:v2`, …), holding the
 * cloud storage fileID.
 *
 * First request: generate, upload, then insert the document. Two first
 * requests at once both upload; the unique _id lets one insert win, the loser
 * deletes its own upload and answers the winner's file. A document whose file
 * has gone from storage (deleted by hand, storage reset) is dropped and the
 * file generated again.
 */

export const GENERATED_FILES = COLLECTIONS.files

/** The cloud storage calls this module needs (uniCloud's, or a fake in tests). */
export interface FileStore {
  /** Store bytes; answers the fileID. */
  upload(cloudPath: string, content: Uint8Array): Promise<string>
  /** A URL the client can download from, or '' when the file does not exist. */
  tempUrl(fileID: string): Promise<string>
  remove(fileID: string): Promise<void>
}

/** A `wxkit-files` document. */
export interface GeneratedFileRecord {
  _id: string
  fileID: string
  kind: string
  /** The user a private file belongs to (receipts). */
  ownerId?: string
  bytes: number
  createdAt: number
}

export interface GeneratedFileDeps {
  db: Database
  store: FileStore
  env: Pick<Env, 'now'>
}

/** What to store under a key, and how to make it. */
export interface FileSpec {
  key: string
  kind: string
  ownerId?: string
  /** The storage path asked for (uniCloud keeps the extension and picks a random name). */
  cloudPath: string
  generate: () => Uint8Array | Promise<Uint8Array>
}

/** A stored file, ready to download. */
export interface ReadyFile {
  url: string
  bytes: number
}

/** The download URL of the file under `spec.key`, generating and storing it the first time. */
export async function ensureGeneratedFile(deps: GeneratedFileDeps, spec: FileSpec): Promise<ReadyFile> {
  const files = deps.db.collection<GeneratedFileRecord>(GENERATED_FILES)
  for (let round = 0; round < 3; round++) {
    const { data } = await files.doc(spec.key).get()
    const known = data[0]
    if (known) {
      const url = await deps.store.tempUrl(known.fileID)
      if (url) return { url, bytes: known.bytes }
      // Gone from storage: forget it (only if nobody replaced it meanwhile) and make it again.
      await files.where({ _id: spec.key, fileID: known.fileID }).remove()
    }
    const content = await spec.generate()
    const fileID = await deps.store.upload(spec.cloudPath, content)
    try {
      await files.add({
        _id: spec.key,
        fileID,
        kind: spec.kind,
        ...(spec.ownerId ? { ownerId: spec.ownerId } : {}),
        bytes: content.length,
        createdAt: deps.env.now(),
      })
    } catch (error) {
      await deps.store.remove(fileID).catch(() => undefined)
      if (!isDuplicateKeyError(error)) throw error
      continue // another request stored the file first: answer theirs
    }
    const url = await deps.store.tempUrl(fileID)
    if (!url) break
    return { url, bytes: content.length }
  }
  throw new CloudError('INTERNAL_ERROR', 'file could not be stored')
}
