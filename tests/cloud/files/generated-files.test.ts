import { describe, expect, it, vi } from 'vitest'
import { ensureGeneratedFile, GENERATED_FILES, type FileStore } from '../../../cloud/files/generated-files'
import { memoryDb, rejection, testEnv } from '../support'

/** An in-memory cloud storage. */
function memoryStore() {
  const files = new Map<string, Uint8Array>()
  let n = 0
  const store: FileStore = {
    async upload(cloudPath, content) {
      const id = `https://cdn.test/cloudstorage/${++n}-${cloudPath.split('/').pop()}`
      files.set(id, content)
      return id
    },
    async tempUrl(fileID) {
      return files.has(fileID) ? `${fileID}?temp` : ''
    },
    async remove(fileID) {
      files.delete(fileID)
    },
  }
  return { store, files }
}

const spec = (generate: () => Uint8Array) => ({ key: 'manual:p1:v1', kind: 'manual', cloudPath: 'manuals/p1.pdf', generate })

describe('generated files', () => {
  it('generates once, then answers the stored file', async () => {
    const db = memoryDb()
    const { store, files } = memoryStore()
    const generate = vi.fn(() => new Uint8Array([1, 2, 3]))
    const first = await ensureGeneratedFile({ db, store, env: testEnv() }, spec(generate))
    const second = await ensureGeneratedFile({ db, store, env: testEnv() }, spec(generate))
    expect(first).toEqual({ url: expect.stringContaining('?temp'), bytes: 3 })
    expect(second).toEqual(first)
    expect(generate).toHaveBeenCalledTimes(1)
    expect(files.size).toBe(1)
  })

  it('parallel first requests keep one file and delete the losers’ uploads', async () => {
    const db = memoryDb()
    const { store, files } = memoryStore()
    const answers = await Promise.all(Array.from({ length: 5 }, () => ensureGeneratedFile({ db, store, env: testEnv() }, spec(() => new Uint8Array([7])))))
    expect(new Set(answers.map((a) => a.url)).size).toBe(1)
    expect(files.size).toBe(1)
    expect((await db.collection(GENERATED_FILES).get()).data).toHaveLength(1)
  })

  it('makes the file again when storage lost it', async () => {
    const db = memoryDb()
    const { store, files } = memoryStore()
    const first = await ensureGeneratedFile({ db, store, env: testEnv() }, spec(() => new Uint8Array([1])))
    files.clear()
    const second = await ensureGeneratedFile({ db, store, env: testEnv() }, spec(() => new Uint8Array([1, 1])))
    expect(second.url).not.toBe(first.url)
    expect(second.bytes).toBe(2)
    expect(files.size).toBe(1)
  })

  it('fails with INTERNAL_ERROR (and leaves no orphan) when storage cannot serve what it just stored', async () => {
    const db = memoryDb()
    const { store, files } = memoryStore()
    store.tempUrl = async () => ''
    const error = await rejection(ensureGeneratedFile({ db, store, env: testEnv() }, spec(() => new Uint8Array([1]))))
    expect(error.code).toBe('INTERNAL_ERROR')
    expect(files.size).toBeLessThanOrEqual(1)
  })
})
