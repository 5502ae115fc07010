import type { Database } from './database'

/**
 * The `db.command` operators the kit uses, typed. The shared
 * `Database` type leaves `command` loose; the values are opaque markers that
 * only make sense inside `where()` and `update()`.
 */
export interface Commands {
  lt(value: number): unknown
  gt(value: number): unknown
  gte(value: number): unknown
  lte(value: number): unknown
  in(values: readonly unknown[]): unknown
  neq(value: unknown): unknown
  push(value: unknown): unknown
  exists(flag: boolean): unknown
  inc(value: number): unknown
  /** Replace a field whole (a plain object would merge). */
  set(value: unknown): unknown
  remove(): unknown
}

/** `db.command`, typed for the operators above. */
export function commands(db: Database): Commands {
  return db.command as unknown as Commands
}

/** A field condition `from ≤ value < to`: `gte(from).and(lt(to))`, as uniCloud writes a range on one field. */
export function inRange(db: Database, from: number, to: number): unknown {
  const cmd = db.command as unknown as { gte(value: number): { and(other: unknown): unknown }; lt(value: number): unknown }
  return cmd.gte(from).and(cmd.lt(to))
}
