/**
 * Contract test: the REAL @dcloudio/uni-cloud SDK (from node_modules) against
 * the runtime over HTTP. If the runtime's protocol drifts from what the pinned
 * SDK speaks (envelope, signature, token handling, answer shapes, upload), these fail.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UniCloudRuntime } from '../../../emulators/unicloud'
import { loadUniCloudSdk, uniCloudProviderDefine, type UniCloudErrorLike, type UniCloudSpace } from '../../helpers/uni-cloud-sdk'
import { fixtureRuntime } from './support'

const SPACE_ID = 'contract-space'
const CLIENT_SECRET = 'contract-client-secret'

let runtime: UniCloudRuntime
let url: string
let space: UniCloudSpace
let tmp: string

beforeAll(async () => {
  ;({ runtime } = fixtureRuntime({ spaceId: SPACE_ID, clientSecret: CLIENT_SECRET }))
  ;({ url } = await runtime.listen(0))
  space = { provider: 'aliyun', id: SPACE_ID, name: 'local', clientSecret: CLIENT_SECRET, apiEndpoint: url }
  tmp = mkdtempSync(path.join(os.tmpdir(), 'sdk-contract-'))
})

afterAll(async () => {
  await runtime.close()
  rmSync(tmp, { recursive: true, force: true })
})

async function rejection(promise: Promise<unknown>): Promise<UniCloudErrorLike> {
  try {
    await promise
  } catch (error) {
    return error as UniCloudErrorLike
  }
  throw new Error('expected the call to fail')
}

describe('the uni-cloud build plugin', () => {
  it('maps UNI_CLOUD_SPACES to the UNI_CLOUD_PROVIDER the SDK reads, keeping apiEndpoint as endpoint', () => {
    const define = JSON.parse(uniCloudProviderDefine([space]))
    expect(define).toEqual([{ provider: 'aliyun', spaceName: 'local', spaceId: SPACE_ID, clientSecret: CLIENT_SECRET, endpoint: url }])
  })
})

describe('the real uni-cloud SDK against the runtime', () => {
  it('initialises the single space as the default uniCloud, pointed at the runtime', () => {
    const sdk = loadUniCloudSdk({ space })
    expect(sdk.uniCloud.config).toMatchObject({ provider: 'aliyun', spaceId: SPACE_ID, requestUrl: `${url}/client` })
  })

  it('calls a cloud object method: anonymous authorize, signed invoke, answer returned', async () => {
    const sdk = loadUniCloudSdk({ space })
    const echo = sdk.uniCloud.importObject('echo', { customUI: true })
    const answer = await echo.context('a', 2)
    expect(answer).toMatchObject({ errCode: 0, method: 'context', params: ['a', 2], token: null })
    const clientInfo = answer.clientInfo as Record<string, unknown>
    // The SDK's clientInfo arrives as getClientInfo(), plus what the platform adds.
    expect(clientInfo).toMatchObject({ uniPlatform: 'mp-weixin', appId: '__UNI__LOCALKIT', deviceId: 'test-device-0001', source: 'client', clientIP: '127.0.0.1' })
    expect(answer.cloudInfo).toEqual({ provider: 'aliyun', spaceId: SPACE_ID, functionName: 'echo', functionType: 'cloudobject' })
    // Two requests on the wire: authorize, then invoke, both signed; the invoke carries the token twice.
    expect(sdk.requests.map((r) => (r.data as { method: string }).method)).toEqual(['serverless.auth.user.anonymousAuthorize', 'serverless.function.runtime.invoke'])
    const invoke = sdk.requests[1]
    expect(invoke.url).toBe(`${url}/client`)
    expect(invoke.header['x-basement-token']).toBe((invoke.data as { token: string }).token)
    expect(invoke.header['x-serverless-sign']).toMatch(/^[0-9a-f]{32}$/)
  })

  it('surfaces a failure as a thrown UniCloudError with the errCode, errMsg and requestId', async () => {
    const sdk = loadUniCloudSdk({ space })
    const echo = sdk.uniCloud.importObject('echo', { customUI: true })
    const error = await rejection(echo.fail())
    expect(error).toBeInstanceOf(sdk.UniCloudError)
    expect(error.errCode).toBe('DEMO_FAILED')
    expect(error.errMsg).toBe('it failed on purpose')
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('shows the default error modal when customUI is off, as in an app', async () => {
    const sdk = loadUniCloudSdk({ space })
    const error = await rejection(sdk.uniCloud.importObject('echo').fail())
    expect(error.errCode).toBe('DEMO_FAILED')
    expect(sdk.ui.map((u) => u.api)).toEqual(['showLoading', 'hideLoading', 'showModal'])
  })

  it('refuses private and unknown methods with an errCode and no stack', async () => {
    const sdk = loadUniCloudSdk({ space })
    const echo = sdk.uniCloud.importObject('echo', { customUI: true })
    for (const method of ['_secret', '_before', 'nope', 'hasOwnProperty', 'constructor']) {
      const error = await rejection(echo[method]())
      expect(error.errCode).toBe('FUNCTION_NOT_FOUND')
      expect(error.errMsg).toBe(`Method[${method}] was not found in index.obj.js`)
    }
  })

  it('answers an unknown cloud object with a gateway error the SDK throws', async () => {
    const sdk = loadUniCloudSdk({ space })
    const error = await rejection(sdk.uniCloud.importObject('does-not-exist', { customUI: true }).hello())
    expect(error.errCode).toBe('FUNCTION_NOT_FOUND')
  })

  it('stores a newToken from a result and sends it back on the next call', async () => {
    const sdk = loadUniCloudSdk({ space })
    const echo = sdk.uniCloud.importObject('echo', { customUI: true })
    expect((await echo.whoami()).token).toBeNull()
    await echo.login('token-from-login')
    expect(sdk.storage.get('uni_id_token')).toBe('token-from-login')
    expect(sdk.storage.get('uni_id_token_expired')).toEqual(expect.any(Number))
    expect((await echo.whoami()).token).toBe('token-from-login')
    // An app restart keeps it: a fresh SDK on the same storage sends it too.
    const restarted = loadUniCloudSdk({ space, storage: sdk.storage })
    expect((await restarted.uniCloud.importObject('echo', { customUI: true }).whoami()).token).toBe('token-from-login')
  })

  it('is refused when signing with another clientSecret', async () => {
    const sdk = loadUniCloudSdk({ space: { ...space, clientSecret: 'not-the-secret' } })
    const error = await rejection(sdk.uniCloud.importObject('echo', { customUI: true }).hello('x'))
    expect(error.errCode).toBe('GATEWAY_INVALID_SIGN')
  })

  it('is refused when naming another space', async () => {
    const sdk = loadUniCloudSdk({ space: { ...space, id: 'other-space' } })
    const error = await rejection(sdk.uniCloud.importObject('echo', { customUI: true }).hello('x'))
    expect(error.errCode).toBe('GATEWAY_INVALID_SPACE')
  })

  it('authorizes again by itself when the runtime forgets its access token', async () => {
    const sdk = loadUniCloudSdk({ space })
    const echo = sdk.uniCloud.importObject('echo', { customUI: true })
    await echo.hello('first')
    const revoked = await fetch(`${url}/__emulator/v1/auth/revoke`, { method: 'POST' })
    expect(revoked.status).toBe(200)
    expect(await echo.hello('second')).toMatchObject({ errCode: 0, greeting: 'hello, second' })
    const methods = sdk.requests.map((r) => (r.data as { method: string }).method)
    expect(methods.filter((m) => m === 'serverless.auth.user.anonymousAuthorize')).toHaveLength(2)
    expect(sdk.requests.filter((r) => r.statusCode === 401)).toHaveLength(1)
  })

  it('also runs as the H5 build (platform web)', async () => {
    const sdk = loadUniCloudSdk({ space, platform: 'h5' })
    const answer = await sdk.uniCloud.importObject('echo', { customUI: true }).context()
    expect((answer.clientInfo as Record<string, unknown>).uniPlatform).toBe('web')
  })

  it('uploads a file (proximal sign → OSS POST → report) and resolves it with getTempFileURL', async () => {
    const sdk = loadUniCloudSdk({ space })
    const file = path.join(tmp, 'avatar.png')
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255])
    writeFileSync(file, new Uint8Array(bytes))
    const { fileID } = await sdk.uniCloud.uploadFile({ filePath: file, cloudPath: 'avatar.png' })
    expect(fileID).toMatch(new RegExp(`^https://${SPACE_ID}\\.cdn\\.unicloud\\.local/cloudstorage/[0-9a-f-]{36}\\.png$`))
    const { fileList } = await sdk.uniCloud.getTempFileURL({ fileList: [fileID] })
    expect(fileList[0].fileID).toBe(fileID)
    expect(fileList[0].tempFileURL.startsWith(`${url}/cloudstorage/`)).toBe(true)
    const fetched = await fetch(fileList[0].tempFileURL)
    expect(fetched.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true)
    // And cloud code sees the same file.
    expect(await runtime.invoke('files', 'url', [fileID])).toMatchObject({ fileList: [{ fileID, tempFileURL: fileList[0].tempFileURL }] })
  })
})
