import type { CallEntry, LogEntry, NotifyEntry } from '../call-log'
import { CONTROL_PREFIX, PAGE_PREFIX } from '../constants'
import type { EmulatorCore } from '../core'
import { indexPage, logPage, type IndexEntry, type LogRow } from '../pages'
import { describe } from './descriptions'
import { HOST_NAMES, html, operationKey, type Operation } from './operation'

/**
 * The emulator's own HTML for people: `/` lists every registered operation
 * (built from the operations themselves, so it cannot go stale) and
 * `/__emulator/log` shows the call log as a table. The JSON stays at
 * `/__emulator/v1` and `/__emulator/v1/log` for tools.
 */

type ExampleContext = { core: EmulatorCore; origin: string }

/** Links for GET pages whose files do not carry an `example` (they need an order or a user to show). */
const EXAMPLES: Readonly<Record<string, (ctx: ExampleContext) => string | undefined>> = {
  'GET /__emulator/cashier/h5': ({ core }) => {
    const order = [...core.state.orders.values()].reverse().find((o) => o.tradeType === 'MWEB')
    return order ? `${PAGE_PREFIX}/cashier/h5?prepay_id=${encodeURIComponent(order.prepayId)}` : undefined
  },
  'GET /__emulator/cashier/native': ({ core }) => {
    const order = [...core.state.orders.values()].reverse().find((o) => o.tradeType === 'NATIVE' && o.codeUrlToken)
    return order ? `${PAGE_PREFIX}/cashier/native?pr=${encodeURIComponent(order.codeUrlToken!)}` : undefined
  },
  'GET /__emulator/avatar/{user}.svg': ({ core }) => `${PAGE_PREFIX}/avatar/${encodeURIComponent(core.state.browserUser)}.svg`,
  'GET /__emulator/v1/users/{user}': ({ core }) => `${CONTROL_PREFIX}/users/${encodeURIComponent(core.state.browserUser)}`,
}

function href(op: Operation, ctx: ExampleContext): string | undefined {
  if (op.method !== 'GET') return undefined
  const example = op.example ?? EXAMPLES[operationKey(op)]
  if (example) return example(ctx)
  return op.path.includes('{') ? undefined : op.path || '/'
}

function entry(op: Operation, ctx: ExampleContext): IndexEntry {
  return { method: op.method, path: op.path, href: href(op, ctx), description: describe(op) ?? '' }
}

function sections(operations: Operation[], ctx: ExampleContext): { title: string; entries: IndexEntry[] }[] {
  const of = (test: (op: Operation) => boolean) => operations.filter(test).map((op) => entry(op, ctx))
  const control = (op: Operation) => op.host === 'emulator' && (op.path === CONTROL_PREFIX || op.path.startsWith(CONTROL_PREFIX + '/'))
  return [
    { title: 'Pages (what a browser or the phone would show)', entries: of((op) => op.host === 'weixinOpen' || (op.host === 'emulator' && !control(op))) },
    { title: `Controls (${CONTROL_PREFIX}, JSON, loopback only)`, entries: of(control) },
    { title: HOST_NAMES.weixinApi, entries: of((op) => op.host === 'weixinApi') },
    { title: `${HOST_NAMES.wxpayApi} (APIv3, signed)`, entries: of((op) => op.host === 'wxpayApi') },
  ].filter((section) => section.entries.length > 0)
}

function callRow(entry: CallEntry): LogRow {
  const outcome = [
    entry.errcode !== undefined ? `errcode ${entry.errcode}` : '',
    entry.code ?? '',
    entry.fault ? `fault: ${entry.fault}` : '',
  ].filter(Boolean)
  return {
    seq: entry.seq,
    at: entry.at,
    kind: 'call',
    host: entry.host ?? '',
    method: entry.method,
    path: entry.path,
    status: String(entry.status),
    outcome: outcome.join(' · ') || 'ok',
    bad: entry.status >= 400 || entry.errcode !== undefined,
  }
}

function notifyRow(entry: NotifyEntry): LogRow {
  let host = ''
  let path = entry.url
  try {
    const url = new URL(entry.url)
    host = url.host
    path = url.pathname + url.search
  } catch {
    // a malformed notify_url is shown as given
  }
  const outcome = [
    `${entry.eventType} attempt ${entry.attempt}${entry.copy ? ` copy ${entry.copy}` : ''}`,
    entry.acknowledged ? 'acknowledged' : '',
    entry.nextRetryInMs !== undefined ? `retry in ${entry.nextRetryInMs} ms` : '',
    entry.gaveUp ? 'gave up' : '',
    entry.faults.length ? `faults: ${entry.faults.join(', ')}` : '',
  ].filter(Boolean)
  return {
    seq: entry.seq,
    at: entry.at,
    kind: 'notify',
    host,
    method: 'POST',
    path,
    status: entry.status !== undefined ? String(entry.status) : (entry.error ?? 'no answer'),
    outcome: outcome.join(' · '),
    bad: !entry.acknowledged,
  }
}

/** A log entry as a row of the HTML view. */
export function logRow(entry: LogEntry): LogRow {
  return entry.kind === 'call' ? callRow(entry) : notifyRow(entry)
}

/** `/` and `/__emulator/log`. */
export function emulatorIndexOperations(operations: () => Operation[]): Operation[] {
  return [
    {
      method: 'GET',
      path: '/',
      host: 'emulator',
      description: 'this page',
      handle: ({ core, origin }) =>
        html(
          indexPage({
            mode: `payKeyMode ${core.options.payKeyMode}, timeFactor ${core.options.timeFactor}, default user ${core.state.browserUser}`,
            sections: sections(operations(), { core, origin }),
          }),
        ),
    },
    {
      method: 'GET',
      path: `${PAGE_PREFIX}/log`,
      host: 'emulator',
      description: 'the call and notify log as an HTML table, newest first (?refresh=3 reloads it)',
      handle: ({ core, url }) => {
        const refresh = Number(url.searchParams.get('refresh'))
        const rows = core.log.list().map(logRow).reverse()
        return html(logPage(rows, Number.isInteger(refresh) && refresh >= 1 && refresh <= 60 ? refresh : undefined))
      },
    },
  ]
}
