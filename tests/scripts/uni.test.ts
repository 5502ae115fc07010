import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const { resolveSpaces } = createRequire(import.meta.url)('../../scripts/uni.cjs') as {
  resolveSpaces(flags: { localSpace: boolean }, env: Record<string, string | undefined>, spaceFile: string): { spaces?: string; from?: string; missing?: string }
}

/** Where a CLI build takes its uniCloud space from, and the refusal when there is none. */
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

function spaceFile(contents?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'space-'))
  dirs.push(dir)
  const file = path.join(dir, 'cloud-space.json')
  if (contents !== undefined) writeFileSync(file, contents)
  return file
}

describe('scripts/uni.cjs resolveSpaces', () => {
  it('refuses a build with no space, saying what to do', () => {
    expect(resolveSpaces({ localSpace: false }, {}, spaceFile()).missing).toMatch(/no uniCloud space.*UNI_CLOUD_SPACES.*cloud-space\.json/)
  })

  it('takes UNI_CLOUD_SPACES as given, first', () => {
    const given = '[{"provider":"aliyun","id":"x","clientSecret":"y"}]'
    expect(resolveSpaces({ localSpace: true }, { UNI_CLOUD_SPACES: given }, spaceFile('{}'))).toMatchObject({ spaces: given, from: 'UNI_CLOUD_SPACES' })
  })

  it('--local-space points the build at the local runtime', () => {
    const { spaces } = resolveSpaces({ localSpace: true }, {}, spaceFile())
    expect(JSON.parse(spaces as string)).toEqual([{ provider: 'aliyun', id: 'local-space', name: 'local', clientSecret: 'local-client-secret', apiEndpoint: 'http://127.0.0.1:7300' }])
  })

  it('maps cloud-space.json to the uniCloud plugin form', () => {
    const file = spaceFile(JSON.stringify({ spaceId: 'mp-1234-abcd', clientSecret: 'S3cretS3cret', name: 'shop' }))
    expect(JSON.parse(resolveSpaces({ localSpace: false }, {}, file).spaces as string)).toEqual([
      { provider: 'aliyun', id: 'mp-1234-abcd', name: 'shop', clientSecret: 'S3cretS3cret' },
    ])
  })

  it('names every bad field of cloud-space.json without quoting a value', () => {
    const file = spaceFile(JSON.stringify({ provider: 'tencent', spaceId: '', clientSecret: 'has space inside', apiEndpoint: 'http://x' }))
    const { missing } = resolveSpaces({ localSpace: false }, {}, file)
    expect(missing).toMatch(/provider.*spaceId.*clientSecret.*apiEndpoint/)
    expect(missing).not.toContain('has space inside')
    expect(resolveSpaces({ localSpace: false }, {}, spaceFile('{oops')).missing).toMatch(/not valid JSON/)
  })
})
