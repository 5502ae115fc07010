/** Cloud storage: cloud code round trip, served files, path safety, upload refusals, persistence. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { UniCloudRuntime } from '../../../emulators/unicloud'
import { fixtureRuntime } from './support'

const open: UniCloudRuntime[] = []
const dirs: string[] = []
function start(options: Parameters<typeof fixtureRuntime>[0] = {}) {
  const { runtime } = fixtureRuntime(options)
  open.push(runtime)
  return runtime
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()))
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
})

type FileList = { fileList: Array<{ fileID: string; tempFileURL?: string; code?: string }> }

describe('cloud storage from cloud code', () => {
  it('uploads, serves through getTempFileURL, downloads and deletes', async () => {
    const runtime = start()
    const { url } = await runtime.listen(0)
    const { fileID } = (await runtime.invoke('files', 'put', ['hello storage', 'docs/note.txt'])) as { fileID: string }
    expect(fileID).toMatch(/^https:\/\/local-space\.cdn\.unicloud\.local\/cloudstorage\/[0-9a-f-]{36}\.txt$/)

    const { fileList } = (await runtime.invoke('files', 'url', [fileID])) as FileList
    expect(fileList).toEqual([{ fileID, tempFileURL: `${url}/${new URL(fileID).pathname.slice(1)}` }])
    const served = await fetch(fileList[0].tempFileURL as string)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await served.text()).toBe('hello storage')
    expect(await runtime.invoke('files', 'read', [fileID])).toEqual({ errCode: 0, text: 'hello storage' })

    expect(await runtime.invoke('files', 'remove', [fileID])).toEqual({ errCode: 0, fileList: [{ fileID, code: 'SUCCESS' }] })
    expect((await fetch(fileList[0].tempFileURL as string)).status).toBe(404)
    expect(((await runtime.invoke('files', 'url', [fileID])) as FileList).fileList[0].tempFileURL).toBe('')
    expect(await runtime.invoke('files', 'remove', [fileID])).toEqual({ errCode: 0, fileList: [{ fileID, code: 'FILE_NOT_FOUND' }] })
  })

  it('answers a file with the headers production documents: Content-Type, CORS for a listed origin, no Content-Disposition', async () => {
    const runtime = start()
    await runtime.listen(0)
    const { fileID } = (await runtime.invoke('files', 'put', ['%PDF-1.4', 'receipts/r.pdf'])) as { fileID: string }
    const { fileList } = (await runtime.invoke('files', 'url', [fileID])) as FileList
    const served = await fetch(fileList[0].tempFileURL as string, { headers: { origin: 'http://127.0.0.1:5180' } })
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('application/pdf')
    expect(served.headers.get('content-length')).toBe('8')
    expect(served.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5180')
    // Nothing a page would need to be allowed to read: no Content-Disposition, no exposed headers.
    expect(served.headers.get('content-disposition')).toBeNull()
    expect(served.headers.get('access-control-expose-headers')).toBeNull()
  })

  it('refuses cross-origin reads from a page not on the 跨域配置 list (no Access-Control-Allow-Origin)', async () => {
    const runtime = start({ storageCorsDomains: ['shop.example.com'] })
    const { url } = await runtime.listen(0)
    const { fileID } = (await runtime.invoke('files', 'put', ['x', 'a.txt'])) as { fileID: string }
    const path = new URL(fileID).pathname
    const listed = await fetch(`${url}${path}`, { headers: { origin: 'https://shop.example.com' } })
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com')
    const local = await fetch(`${url}${path}`, { headers: { origin: 'http://127.0.0.1:5180' } })
    expect(local.status).toBe(200) // the bytes are public; the browser withholds them from the page
    expect(local.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('has no temp URL before the runtime listens', async () => {
    const runtime = start()
    const { fileID } = (await runtime.invoke('files', 'put', ['x'])) as { fileID: string }
    expect(((await runtime.invoke('files', 'url', [fileID])) as FileList).fileList[0].tempFileURL).toBe('')
  })

  it('serves nothing outside the storage folder', async () => {
    const runtime = start()
    const { url } = await runtime.listen(0)
    for (const probe of ['/cloudstorage/../package.json', '/cloudstorage/%2e%2e/%2e%2e/package.json', '/cloudstorage/']) {
      expect((await fetch(`${url}${probe}`)).status).toBe(404)
    }
    const traversal = 'https://local-space.cdn.unicloud.local/cloudstorage/../../etc/passwd'
    expect(await runtime.invoke('files', 'read', [traversal])).toMatchObject({ errCode: 'FUNCTION_EXECUTE_FAILED' })
  })

  it('refuses an OSS upload without a valid policy signature', async () => {
    const runtime = start()
    const { url } = await runtime.listen(0)
    const form = new FormData()
    form.append('key', 'cloudstorage/forged.txt')
    form.append('policy', 'e30=')
    form.append('OSSAccessKeyId', 'LOCALLOCALSPACE')
    form.append('Signature', 'forged')
    form.append('file', new Blob(['evil']), 'forged.txt')
    const res = await fetch(`${url}/oss`, { method: 'POST', body: form })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ success: false, error: { code: 'STORAGE_UPLOAD_REJECTED' } })
    expect((await fetch(`${url}/cloudstorage/forged.txt`)).status).toBe(404)
  })

  it('keeps files under <dataDir>/storage, and a temporary folder is removed on close', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'unicloud-storage-test-'))
    dirs.push(dataDir)
    const runtime = start({ dataDir })
    const { fileID } = (await runtime.invoke('files', 'put', ['kept'])) as { fileID: string }
    expect(existsSync(path.join(dataDir, 'storage', ...new URL(fileID).pathname.slice(1).split('/')))).toBe(true)

    const storageDir = mkdtempSync(path.join(os.tmpdir(), 'unicloud-own-storage-'))
    dirs.push(storageDir)
    const own = start({ storageDir })
    const second = (await own.invoke('files', 'put', ['own'])) as { fileID: string }
    await own.close()
    expect(existsSync(path.join(storageDir, ...new URL(second.fileID).pathname.slice(1).split('/')))).toBe(true)
  })
})
