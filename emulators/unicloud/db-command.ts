/**
 * `db.command` and its translation to @seald-io/nedb queries and modifiers.
 *
 * uniCloud semantics kept here:
 * - a nested plain object in `where` matches sub-fields (it is flattened to dot paths);
 * - a nested plain object in `update` merges (flattened to `$set` on dot paths),
 *   while `command.set(obj)` replaces the field whole;
 * - `serverDate()` becomes the runtime clock's time when written.
 */

/** Query operators of `db.command`. */
export type QueryOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin' | 'exists'
/** Update operators of `db.command`. */
export type UpdateOp = 'set' | 'inc' | 'push' | 'pull' | 'remove'

/** A field condition such as `command.gt(5)`. */
export class QueryCommand {
  constructor(
    readonly op: QueryOp,
    readonly operand: unknown,
  ) {}
  /** This condition and the others, on the same field. */
  and(...others: unknown[]): LogicCommand {
    return new LogicCommand('and', [this, ...flattenArgs(others)])
  }
  /** This condition or the others, on the same field. */
  or(...others: unknown[]): LogicCommand {
    return new LogicCommand('or', [this, ...flattenArgs(others)])
  }
}

/** `command.and(...)` / `command.or(...)`, on a field or on the whole document. */
export class LogicCommand {
  constructor(
    readonly op: 'and' | 'or',
    readonly operands: unknown[],
  ) {}
  and(...others: unknown[]): LogicCommand {
    return new LogicCommand('and', [this, ...flattenArgs(others)])
  }
  or(...others: unknown[]): LogicCommand {
    return new LogicCommand('or', [this, ...flattenArgs(others)])
  }
}

/** A field update such as `command.inc(1)`. */
export class UpdateCommand {
  constructor(
    readonly op: UpdateOp,
    readonly operand: unknown,
  ) {}
}

/** `db.serverDate({ offset })`: the server's time when the write happens. */
export class ServerDate {
  constructor(readonly offset = 0) {}
}

/** The `db.command` object cloud code uses. */
export interface DbCommand {
  eq(value: unknown): QueryCommand
  neq(value: unknown): QueryCommand
  gt(value: unknown): QueryCommand
  gte(value: unknown): QueryCommand
  lt(value: unknown): QueryCommand
  lte(value: unknown): QueryCommand
  in(values: unknown[]): QueryCommand
  nin(values: unknown[]): QueryCommand
  exists(flag: boolean): QueryCommand
  and(...conditions: unknown[]): LogicCommand
  or(...conditions: unknown[]): LogicCommand
  set(value: unknown): UpdateCommand
  inc(value: number): UpdateCommand
  push(value: unknown): UpdateCommand
  pull(value: unknown): UpdateCommand
  remove(): UpdateCommand
}

function flattenArgs(args: unknown[]): unknown[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args
}

/** Build `db.command`. */
export function createCommand(): DbCommand {
  const q = (op: QueryOp) => (value: unknown) => new QueryCommand(op, value)
  return {
    eq: q('eq'),
    neq: q('neq'),
    gt: q('gt'),
    gte: q('gte'),
    lt: q('lt'),
    lte: q('lte'),
    in: (values) => {
      if (!Array.isArray(values)) throw new TypeError('command.in takes an array')
      return new QueryCommand('in', values)
    },
    nin: (values) => {
      if (!Array.isArray(values)) throw new TypeError('command.nin takes an array')
      return new QueryCommand('nin', values)
    },
    exists: (flag) => new QueryCommand('exists', !!flag),
    and: (...conditions) => new LogicCommand('and', flattenArgs(conditions)),
    or: (...conditions) => new LogicCommand('or', flattenArgs(conditions)),
    set: (value) => new UpdateCommand('set', value),
    inc: (value) => {
      if (typeof value !== 'number') throw new TypeError('command.inc takes a number')
      return new UpdateCommand('inc', value)
    },
    push: (value) => new UpdateCommand('push', value),
    pull: (value) => new UpdateCommand('pull', value),
    remove: () => new UpdateCommand('remove', undefined),
  }
}

/** A nedb query or modifier object. */
export type NedbObject = Record<string, unknown>

/** True for `{}`-like objects (not arrays, dates, regexps, commands, buffers). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Deep copy of a value to store: server dates resolved, commands refused. */
export function toStored(value: unknown, now: () => number): unknown {
  if (value instanceof ServerDate) return new Date(now() + value.offset)
  if (value instanceof QueryCommand || value instanceof LogicCommand || value instanceof UpdateCommand) {
    throw new TypeError('a db.command cannot be stored as a value here')
  }
  if (Array.isArray(value)) return value.map((v) => toStored(v, now))
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toStored(v, now)
    return out
  }
  return value
}

const NEDB_QUERY_OP: Record<Exclude<QueryOp, 'eq'>, string> = {
  neq: '$ne',
  gt: '$gt',
  gte: '$gte',
  lt: '$lt',
  lte: '$lte',
  in: '$in',
  nin: '$nin',
  exists: '$exists',
}

/**
 * Join clauses with $and / $or. Conjunctions on distinct plain fields are merged
 * into one object: nedb only uses an index for top-level keys, so `$and` would
 * make every multi-field query scan the whole collection. Clauses whose keys
 * repeat or are operators stay under `$and`.
 */
function combine(op: '$and' | '$or', clauses: NedbObject[]): NedbObject {
  if (op === '$or') return { $or: clauses }
  if (clauses.length === 1) return clauses[0]
  const merged: NedbObject = {}
  const rest: NedbObject[] = []
  for (const clause of clauses) {
    const keys = Object.keys(clause)
    if (keys.some((k) => k.startsWith('$') || k in merged)) rest.push(clause)
    else Object.assign(merged, clause)
  }
  if (rest.length === 0) return merged
  return Object.keys(merged).length > 0 ? { ...merged, $and: rest } : { $and: rest }
}

function fieldCondition(path: string, condition: unknown, now: () => number): NedbObject {
  if (condition instanceof LogicCommand) {
    return combine(
      condition.op === 'and' ? '$and' : '$or',
      condition.operands.map((o) => fieldCondition(path, o, now)),
    )
  }
  if (condition instanceof QueryCommand) {
    const operand = toStored(condition.operand, now)
    if (condition.op === 'eq') return { [path]: operand }
    return { [path]: { [NEDB_QUERY_OP[condition.op]]: operand } }
  }
  if (condition instanceof RegExp) return { [path]: { $regex: condition } }
  if (isPlainObject(condition) && Object.keys(condition).length > 0) {
    const clauses: NedbObject[] = []
    collectWhere(condition, path, clauses, now)
    return combine('$and', clauses)
  }
  return { [path]: toStored(condition, now) }
}

function collectWhere(where: Record<string, unknown>, prefix: string, clauses: NedbObject[], now: () => number): void {
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue
    if (key.startsWith('$')) throw new TypeError(`unsupported query operator ${key}: use db.command`)
    clauses.push(fieldCondition(prefix ? `${prefix}.${key}` : key, value, now))
  }
}

/** Translate a `where()` argument to a nedb query. */
export function toNedbQuery(where: unknown, now: () => number): NedbObject {
  if (where instanceof LogicCommand) {
    return combine(
      where.op === 'and' ? '$and' : '$or',
      where.operands.map((o) => toNedbQuery(o, now)),
    )
  }
  if (!isPlainObject(where)) throw new TypeError('where() takes an object or db.command.and/or')
  const clauses: NedbObject[] = []
  collectWhere(where, '', clauses, now)
  if (clauses.length === 0) return {}
  return combine('$and', clauses)
}

function pullCondition(operand: unknown, now: () => number): unknown {
  if (operand instanceof QueryCommand) {
    const value = toStored(operand.operand, now)
    return operand.op === 'eq' ? value : { [NEDB_QUERY_OP[operand.op]]: value }
  }
  return toStored(operand, now)
}

function collectUpdate(data: Record<string, unknown>, prefix: string, out: Record<string, NedbObject>, now: () => number): void {
  const put = (modifier: string, path: string, value: unknown) => {
    ;(out[modifier] ??= {})[path] = value
  }
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue
    if (!prefix && key === '_id') continue
    if (key.startsWith('$')) throw new TypeError(`unsupported update operator ${key}: use db.command`)
    const path = prefix ? `${prefix}.${key}` : key
    if (value instanceof UpdateCommand) {
      switch (value.op) {
        case 'set':
          put('$set', path, toStored(value.operand, now))
          break
        case 'inc':
          put('$inc', path, value.operand)
          break
        case 'push':
          put('$push', path, Array.isArray(value.operand) ? { $each: toStored(value.operand, now) } : toStored(value.operand, now))
          break
        case 'pull':
          put('$pull', path, pullCondition(value.operand, now))
          break
        case 'remove':
          put('$unset', path, true)
          break
      }
    } else if (isPlainObject(value) && Object.keys(value).length > 0) {
      collectUpdate(value, path, out, now)
    } else {
      put('$set', path, toStored(value, now))
    }
  }
}

/** Translate an `update()` argument to nedb modifiers (plain objects merge). */
export function toNedbUpdate(data: unknown, now: () => number): Record<string, NedbObject> {
  if (!isPlainObject(data)) throw new TypeError('update() takes an object')
  const out: Record<string, NedbObject> = {}
  collectUpdate(data, '', out, now)
  if (Object.keys(out).length === 0) throw new TypeError('update() needs at least one field')
  return out
}
