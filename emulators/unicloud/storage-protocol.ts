/**
 * The client-side upload protocol of the Aliyun SDK, with the runtime standing
 * in for OSS:
 *   1. `serverless.file.resource.generateProximalSign` → an OSS POST policy for one key;
 *   2. the SDK's `uni.uploadFile` POSTs multipart form data to `https://<host>`
 *      (here `<runtime>/oss`): policy, signature and key are checked;
 *   3. `serverless.file.resource.report` confirms it; the SDK answers `https://<cdnDomain>/<key>` as fileID.
 * `serverless.file.resource.info` resolves fileIDs to URLs (the SDK's getTempFileURL).
 * The SDK hard-codes `https://` for step 2, see the README for how a dev build reaches plain HTTP.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { bytes, sameText } from './bytes'
import { SystemErrorCodes, UniCloudSystemError } from './errors'
import type { CloudStorage } from './storage'

/** Path of the OSS stand-in on the runtime's server. */
export const OSS_UPLOAD_PATH = '/oss'
/** Largest upload accepted. */
export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024
const POLICY_TTL_MS = 15 * 60 * 1000

interface PendingUpload {
  ossPath: string
  expiresAt: number
  uploaded: boolean
}

export interface UploadProtocolOptions {
  storage: CloudStorage
  spaceId: string
  now: () => number
  /** The runtime's base URL while it listens. */
  baseUrl: () => string | undefined
}

function reject(message: string): UniCloudSystemError {
  return new UniCloudSystemError(SystemErrorCodes.STORAGE_UPLOAD_REJECTED, message)
}

/** Issues upload policies and accepts the uploads they allow. */
export class UploadProtocol {
  // A per-runtime key: signatures mean nothing outside this process.
  private readonly secret = randomBytes(32).toString('hex')
  private readonly accessKeyId: string
  private readonly pending = new Map<string, PendingUpload>()

  constructor(private readonly options: UploadProtocolOptions) {
    this.accessKeyId = `LOCAL${options.spaceId.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`
  }

  /** Step 1: the policy the SDK posts with the file. */
  generateProximalSign(params: { filename?: unknown; fileId?: unknown }): Record<string, unknown> {
    const { storage, now } = this.options
    const base = this.options.baseUrl()
    if (!base) throw reject('runtime is not listening')
    const asRealPath = typeof params.fileId === 'string' && params.fileId.length > 0
    const ossPath = storage.newOssPath(asRealPath ? String(params.fileId) : String(params.filename ?? ''), asRealPath)
    const id = randomUUID()
    const expiresAt = now() + POLICY_TTL_MS
    const policy = Buffer.from(
      JSON.stringify({
        expiration: new Date(expiresAt).toISOString(),
        conditions: [['eq', '$key', ossPath], ['content-length-range', 0, UPLOAD_LIMIT_BYTES]],
      }),
    ).toString('base64')
    this.pending.set(id, { ossPath, expiresAt, uploaded: false })
    return {
      id,
      ossPath,
      cdnDomain: storage.cdnDomain,
      host: `${new URL(base).host}${OSS_UPLOAD_PATH}`,
      accessKeyId: this.accessKeyId,
      policy,
      signature: this.sign(policy),
    }
  }

  /** Step 2: the multipart POST; answers the HTTP status OSS would. */
  async handleUpload(contentType: string | undefined, body: Buffer): Promise<void> {
    if (!contentType?.startsWith('multipart/form-data')) throw reject('expected multipart/form-data')
    const form = await new Response(new Uint8Array(bytes(body)), { headers: { 'content-type': contentType } }).formData()
    const field = (name: string) => {
      const v = form.get(name)
      return typeof v === 'string' ? v : undefined
    }
    const policy = field('policy')
    const signature = field('Signature')
    if (field('OSSAccessKeyId') !== this.accessKeyId || !policy || !signature || !this.verify(policy, signature)) {
      throw reject('upload signature does not match')
    }
    const id = field('id')
    const upload = id ? this.pending.get(id) : undefined
    if (!upload || upload.ossPath !== field('key')) throw reject('upload key is not the one signed')
    if (this.options.now() > upload.expiresAt) throw reject('upload policy expired')
    const file = form.get('file')
    if (!file || typeof file === 'string') throw reject('no file in upload')
    this.options.storage.put(upload.ossPath, Buffer.from(await file.arrayBuffer()))
    upload.uploaded = true
  }

  /** Step 3: the SDK reports the upload done. */
  report(params: { id?: unknown }): Record<string, never> {
    const upload = typeof params.id === 'string' ? this.pending.get(params.id) : undefined
    if (!upload || !upload.uploaded) throw reject('unknown upload')
    this.pending.delete(String(params.id))
    return {}
  }

  /** `serverless.file.resource.info`: one `{ fileId, url }` per comma-separated fileID. */
  info(params: { id?: unknown }): Array<{ fileId: string; url: string }> {
    const ids = typeof params.id === 'string' ? params.id.split(',').filter(Boolean) : []
    return ids.map((fileId) => ({ fileId, url: this.options.storage.tempUrl(fileId) }))
  }

  private sign(policy: string): string {
    return createHmac('sha1', this.secret).update(policy).digest('base64')
  }

  private verify(policy: string, signature: string): boolean {
    return sameText(this.sign(policy), signature)
  }
}
