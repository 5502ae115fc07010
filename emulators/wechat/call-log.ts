import { REDACTED_QUERY_KEYS } from './constants'

/** A production endpoint call as the log keeps it. */
export interface CallEntry {
  seq: number
  at: string
  kind: 'call'
  /** The production host the call stands for: api.weixin.qq.com, open.weixin.qq.com, api.mch.weixin.qq.com. */
  host: string
  method: string
  /** Path with secret-bearing query values replaced by `***`. */
  path: string
  endpoint: string
  status: number
  errcode?: number
  code?: string
  fault?: string
}

/** One notify delivery attempt (one copy of it) and its answer. */
export interface NotifyEntry {
  seq: number
  at: string
  kind: 'notify'
  notifyId: string
  eventType: string
  outTradeNo?: string
  outRefundNo?: string
  url: string
  attempt: number
  copy: number
  signedWith: 'publicKey' | 'certificate'
  serial: string
  /** HTTP status answered, absent when no answer came. */
  status?: number
  /** `timeout`, `dropped`, or a network error code. */
  error?: string
  acknowledged: boolean
  faults: string[]
  /** Scaled delay before the next attempt, when one is scheduled. */
  nextRetryInMs?: number
  gaveUp?: boolean
}

export type LogEntry = CallEntry | NotifyEntry
type WithoutSeq<T> = T extends LogEntry ? Omit<T, 'seq'> : never

const MAX_ENTRIES = 10_000

/** Replace the values of secret-bearing query parameters by `***`. */
export function redactPath(pathWithQuery: string): string {
  const q = pathWithQuery.indexOf('?')
  if (q < 0) return pathWithQuery
  const params = pathWithQuery
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const name = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '))
      return REDACTED_QUERY_KEYS.includes(name) && eq >= 0 ? `${pair.slice(0, eq)}=***` : pair
    })
  return `${pathWithQuery.slice(0, q)}?${params.join('&')}`
}

/** The emulator's call and notify log. Holds no secrets: callers redact before adding. */
export class CallLog {
  private entries: LogEntry[] = []
  private seq = 0

  constructor(private readonly sink?: (line: string) => void) {}

  /** Append an entry and echo a one-line summary to the log sink. */
  add(entry: WithoutSeq<LogEntry>): LogEntry {
    const full = { ...entry, seq: ++this.seq } as LogEntry
    this.entries.push(full)
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES)
    this.sink?.(summarise(full))
    return full
  }

  /** Entries after `since` (a seq). */
  list(since = 0): LogEntry[] {
    return this.entries.filter((entry) => entry.seq > since)
  }

  /** Empty the log. */
  clear(): void {
    this.entries = []
  }
}

function summarise(entry: LogEntry): string {
  if (entry.kind === 'call') {
    const outcome = entry.errcode !== undefined ? ` errcode=${entry.errcode}` : entry.code ? ` ${entry.code}` : ''
    return `[wechat] ${entry.method} ${entry.path} → ${entry.status}${outcome}${entry.fault ? ` (fault: ${entry.fault})` : ''}`
  }
  const answer = entry.status !== undefined ? String(entry.status) : entry.error
  return `[wechat] notify ${entry.eventType} #${entry.attempt}${entry.copy ? `.${entry.copy}` : ''} → ${answer}${entry.acknowledged ? ' (acknowledged)' : ''}${entry.faults.length ? ` (faults: ${entry.faults.join(',')})` : ''}`
}
