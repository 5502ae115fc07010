/**
 * Counting database operations: every call of the database API that would be
 * a request to the space's database in production (get, count, add, update,
 * set, remove, updateAndReturn, on a collection, a where() or a doc()) is
 * recorded against the measurement it runs in. The runtime measures each
 * invocation of a cloud object; tests and benchmarks may measure any piece of
 * code with `Database.measure`.
 *
 * Measurements follow the async context (AsyncLocalStorage), so concurrent
 * invocations in one process never mix their counts. A measurement started
 * inside another one (a cloud object calling another server to server) keeps
 * its operations to itself, as production bills them to the callee's own
 * invocation.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

/** The database API calls that are a round trip to the database. */
export const DB_OPERATION_KINDS = ['get', 'count', 'add', 'update', 'set', 'remove', 'updateAndReturn'] as const
/** One of DB_OPERATION_KINDS. */
export type DbOperationKind = (typeof DB_OPERATION_KINDS)[number]

/** One database request: what it was and on which collection. */
export interface DbOperation {
  kind: DbOperationKind
  collection: string
}

/** What a measurement counted. */
export interface DbOperationCounts {
  /** All operations. */
  total: number
  /** Per kind; kinds not used are absent. */
  byKind: Partial<Record<DbOperationKind, number>>
  /** Each operation, in the order it was made (started). */
  operations: DbOperation[]
}

/** Counts of no operations. */
export function emptyCounts(): DbOperationCounts {
  return { total: 0, byKind: {}, operations: [] }
}

/** `get 2, updateAndReturn 1` (kinds in DB_OPERATION_KINDS order); `none` for no operations. */
export function formatCounts(counts: DbOperationCounts): string {
  const parts = DB_OPERATION_KINDS.filter((k) => counts.byKind[k]).map((k) => `${k} ${counts.byKind[k]}`)
  return parts.length ? parts.join(', ') : 'none'
}

/** The measurements of one database. */
export class DbOperationMeter {
  private readonly current = new AsyncLocalStorage<DbOperationCounts>()

  /** Count an operation against the measurement it runs in (none: not counted). */
  record(kind: DbOperationKind, collection: string): void {
    const counts = this.current.getStore()
    if (!counts) return
    counts.total++
    counts.byKind[kind] = (counts.byKind[kind] ?? 0) + 1
    counts.operations.push({ kind, collection })
  }

  /** Run `work` as a measurement of its own and answer what it counted (a throw is passed on as it is). */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; counts: DbOperationCounts }> {
    const counts = emptyCounts()
    const result = await this.current.run(counts, work)
    return { result, counts }
  }

  /** Run `work` in a measurement the caller holds (the invoker's per-invocation record); work left running afterwards still counts there. */
  runIn<T>(counts: DbOperationCounts, work: () => T): T {
    return this.current.run(counts, work)
  }
}
