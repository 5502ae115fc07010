import http from 'node:http'
import https from 'node:https'
import { randomUUID } from 'node:crypto'
import type { CallLog, NotifyEntry } from '../call-log'
import { formatBeijingTime, type EmulatorClock } from '../clock'
import { AES_GCM_ALGORITHM, NOTIFY_RETRY_SCHEDULE_SECONDS } from '../constants'
import { aesGcmEncrypt, tamperGcmTag } from '../crypto/aes-gcm-cipher'
import type { FaultRegistry, NotifyFault } from '../faults'
import type { Identity } from '../identity'
import { randomAlnum } from '../random'
import type { Scheduler } from '../scheduler'
import { signedHeaders, signingKey, type PayKeyMode, type SigningKeyKind } from './signing'

/** What a notify is about, before encryption. */
export interface NotifyRequest {
  eventType: 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED'
  summary: string
  originalType: 'transaction' | 'refund'
  resource: object
  url: string
  outTradeNo?: string
  outRefundNo?: string
}

/** A notify and how its delivery is going. */
export interface NotifyRecord {
  id: string
  eventType: string
  url: string
  outTradeNo?: string
  outRefundNo?: string
  signedWith: SigningKeyKind
  state: 'pending' | 'acknowledged' | 'gaveUp'
  attempts: number
  createdAt: string
  /** The exact body sent (ciphertext only: nothing decrypted is kept here). */
  body: string
  duplicateCopies: number
}

interface NotifierDeps {
  identity: Identity
  clock: EmulatorClock
  scheduler: Scheduler
  faults: FaultRegistry
  log: CallLog
  timeFactor: number
  payKeyMode: PayKeyMode
  answerTimeoutMs: number
}

type Answer = { status: number } | { error: string }

/**
 * Sends notifies as WeChat Pay does: encrypted with the APIv3 key, signed,
 * POSTed to notify_url, acknowledged only by 200/204, otherwise retried on the
 * 15s, 15s, 30s, 3m, … schedule (scaled by timeFactor) until it gives up.
 */
export class Notifier {
  private records: NotifyRecord[] = []
  private readonly inflight = new Set<http.ClientRequest>()
  private mixedCounter = 0

  constructor(private readonly deps: NotifierDeps) {}

  /** Encrypt, record and schedule the first delivery of a notify. */
  send(request: NotifyRequest): NotifyRecord {
    const { identity, clock, faults, scheduler } = this.deps
    const nonce = randomAlnum(12)
    const body = JSON.stringify({
      id: randomUUID(),
      create_time: formatBeijingTime(clock.now()),
      resource_type: 'encrypt-resource',
      event_type: request.eventType,
      summary: request.summary,
      resource: {
        original_type: request.originalType,
        algorithm: AES_GCM_ALGORITHM,
        ciphertext: aesGcmEncrypt(
          identity.merchant.apiV3Key,
          nonce,
          request.originalType,
          JSON.stringify(request.resource),
        ),
        associated_data: request.originalType,
        nonce,
      },
    })
    const perNotify = faults.takeNotify(['duplicate', 'delay'])
    const duplicate = perNotify.find((f) => f.kind === 'duplicate')
    const delay = perNotify.find((f) => f.kind === 'delay')
    const record: NotifyRecord = {
      id: (JSON.parse(body) as { id: string }).id,
      eventType: request.eventType,
      url: request.url,
      outTradeNo: request.outTradeNo,
      outRefundNo: request.outRefundNo,
      signedWith: this.nextKeyKind(),
      state: 'pending',
      attempts: 0,
      createdAt: formatBeijingTime(clock.now()),
      body,
      duplicateCopies: duplicate ? (duplicate.copies ?? 1) : 0,
    }
    this.records.push(record)
    scheduler.schedule(delay?.delayMs ?? 0, `notify ${record.eventType} #1`, () => this.attempt(record))
    return record
  }

  /** Every notify sent since the last reset. */
  list(): NotifyRecord[] {
    return [...this.records]
  }

  /** Abort deliveries in flight (on close). */
  abortAll(): void {
    for (const request of this.inflight) request.destroy(new Error('emulator closed'))
    this.inflight.clear()
  }

  /** Forget all notifies (on reset). */
  clear(): void {
    this.records = []
    this.mixedCounter = 0
  }

  private nextKeyKind(): SigningKeyKind {
    const mode = this.deps.payKeyMode
    if (mode !== 'mixed') return mode
    return this.mixedCounter++ % 2 === 0 ? 'publicKey' : 'certificate'
  }

  private async attempt(record: NotifyRecord): Promise<void> {
    const { identity, clock, faults, scheduler, log, timeFactor } = this.deps
    if (record.state !== 'pending') return
    const attempt = ++record.attempts
    const twists = faults.takeNotify(['drop', 'signtest', 'tamperTag', 'skewTimestamp', 'unknownSerial'])
    const has = (kind: NotifyFault['kind']) => twists.find((f) => f.kind === kind)
    const faultNames = twists.map((f) => f.kind)
    const key = signingKey(identity, record.signedWith)
    const copies = attempt === 1 ? 1 + record.duplicateCopies : 1

    let answers: Answer[]
    if (has('drop')) {
      answers = [{ error: 'dropped' }]
    } else {
      answers = await Promise.all(
        Array.from({ length: copies }, () => {
          let body = record.body
          if (has('tamperTag')) {
            const parsed = JSON.parse(body) as { resource: { ciphertext: string } }
            parsed.resource.ciphertext = tamperGcmTag(parsed.resource.ciphertext)
            body = JSON.stringify(parsed)
          }
          const headers = signedHeaders(key, clock.wallSeconds(), body, {
            signtest: !!has('signtest'),
            unknownSerial: !!has('unknownSerial'),
            skewSeconds: has('skewTimestamp') ? (has('skewTimestamp')!.skewSeconds ?? -600) : 0,
          })
          return this.post(record.url, body, headers)
        }),
      )
    }

    const acknowledged = answers.some((a) => 'status' in a && (a.status === 200 || a.status === 204))
    let nextRetryInMs: number | undefined
    if (acknowledged) {
      record.state = 'acknowledged'
    } else if (attempt - 1 < NOTIFY_RETRY_SCHEDULE_SECONDS.length) {
      nextRetryInMs = NOTIFY_RETRY_SCHEDULE_SECONDS[attempt - 1] * 1000 * timeFactor
      scheduler.schedule(nextRetryInMs, `notify ${record.eventType} #${attempt + 1}`, () => this.attempt(record))
    } else {
      record.state = 'gaveUp'
    }
    answers.forEach((answer, copy) => {
      const entry: Omit<NotifyEntry, 'seq'> = {
        at: formatBeijingTime(clock.now()),
        kind: 'notify',
        notifyId: record.id,
        eventType: record.eventType,
        outTradeNo: record.outTradeNo,
        outRefundNo: record.outRefundNo,
        url: record.url,
        attempt,
        copy,
        signedWith: key.kind,
        serial: key.serial,
        acknowledged: 'status' in answer && (answer.status === 200 || answer.status === 204),
        faults: faultNames,
        ...('status' in answer ? { status: answer.status } : { error: answer.error }),
        ...(nextRetryInMs !== undefined ? { nextRetryInMs } : {}),
        ...(record.state === 'gaveUp' ? { gaveUp: true } : {}),
      }
      log.add(entry)
    })
  }

  private post(url: string, body: string, signed: Record<string, string>): Promise<Answer> {
    return new Promise((resolve) => {
      let target: URL
      try {
        target = new URL(url)
      } catch {
        resolve({ error: 'invalid url' })
        return
      }
      const transport = target.protocol === 'https:' ? https : http
      const request = transport.request(target, {
        method: 'POST',
        agent: false,
        headers: {
          ...signed,
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
          'User-Agent': 'Mozilla/4.0',
          Connection: 'close',
        },
      })
      this.inflight.add(request)
      const timer = setTimeout(() => request.destroy(new Error('timeout')), this.deps.answerTimeoutMs)
      const finish = (answer: Answer) => {
        clearTimeout(timer)
        this.inflight.delete(request)
        resolve(answer)
      }
      request.on('response', (response) => {
        response.resume()
        response.on('end', () => finish({ status: response.statusCode ?? 0 }))
        response.on('error', () => finish({ status: response.statusCode ?? 0 }))
      })
      request.on('error', (error: NodeJS.ErrnoException) =>
        finish({ error: error.message === 'timeout' ? 'timeout' : (error.code ?? 'network error') }),
      )
      request.end(body)
    })
  }
}
