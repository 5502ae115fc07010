import type { KeyObject } from 'node:crypto'
import { downloadCertificates } from './certificates'
import { WechatPayClient, type WechatPayClientOptions } from './client'
import { NotifyParser } from './notify-parser'
import { RsaSigner } from './rsa-signer'
import { RsaVerifier } from './rsa-verifier'
import { WechatPayValidator } from './validator'

/** The merchant's credentials; the `wxpay` config section has this shape. */
export interface WechatPayCredentials {
  mchId: string
  appId: string
  apiV3Key: string
  merchantSerialNo: string
  merchantPrivateKey: string | KeyObject
  /** Public-key mode: both set. Platform-certificate mode: both absent. */
  publicKeyId?: string
  publicKey?: string | KeyObject
  notifyUrl?: string
  refundNotifyUrl?: string
}

/** Wiring options: the transport and every source of time and randomness, as the client takes them. */
export interface WechatPayOptions
  extends Pick<WechatPayClientOptions, 'http' | 'baseUrl' | 'now' | 'nonce' | 'timeoutMs' | 'retry' | 'sleep' | 'random'> {
  credentials: WechatPayCredentials
  certificateRefreshIntervalMs?: number
}

/** The wired protocol core for one merchant. */
export interface WechatPay {
  client: WechatPayClient
  notifyParser: NotifyParser
  validator: WechatPayValidator
  verifier: RsaVerifier
}

/**
 * Wire signer, verifier, validator, client and notify parser for one merchant.
 * One verifier serves responses and notifies, so certificates downloaded for
 * one are known to the other. It holds the public key (when configured) and
 * downloads platform certificates on demand, so a migration between the two
 * modes needs no code change. Build it once per warm instance.
 */
export function createWechatPay(options: WechatPayOptions): WechatPay {
  const { credentials, now = Date.now } = options
  const signer = new RsaSigner({ privateKey: credentials.merchantPrivateKey, serialNo: credentials.merchantSerialNo })
  // The fetcher needs the client and the client needs the verifier: the
  // fetcher reads this box, filled below, and only runs on first use.
  const box: { client?: WechatPayClient } = {}
  const publicKeys = credentials.publicKeyId && credentials.publicKey ? { [credentials.publicKeyId]: credentials.publicKey } : {}
  const verifier = new RsaVerifier({
    publicKeys,
    fetchCertificates: () =>
      downloadCertificates({
        send: (path) => (box.client as WechatPayClient).sendSigned('GET', path),
        apiV3Key: credentials.apiV3Key,
        publicKeys,
        now,
      }),
    refreshIntervalMs: options.certificateRefreshIntervalMs,
    now,
  })
  const validator = new WechatPayValidator({ verifier, now })
  const client = new WechatPayClient({
    mchId: credentials.mchId,
    appId: credentials.appId,
    signer,
    validator,
    http: options.http,
    baseUrl: options.baseUrl,
    publicKeyId: credentials.publicKeyId,
    notifyUrl: credentials.notifyUrl,
    refundNotifyUrl: credentials.refundNotifyUrl,
    now,
    nonce: options.nonce,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    sleep: options.sleep,
    random: options.random,
  })
  box.client = client
  const notifyParser = new NotifyParser({ validator, apiV3Key: credentials.apiV3Key })
  return { client, notifyParser, validator, verifier }
}
