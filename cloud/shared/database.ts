/**
 * The slice of uniCloud's database API the domain modules use. Typed here so
 * domain code can run in plain Node against the local runtime's store.
 */
export interface QueryResult<T> {
  data: T[]
}
/**
 * What `updateAndReturn` answers (cloud code only): the one document it
 * updated, as it is after the update, or `doc: null` when none matched.
 * `updated` is 1 for a match even when the data did not change.
 */
export interface UpdateAndReturnResult<T> {
  updated: number
  doc: T | null
}
export interface Query<T> {
  where(condition: Record<string, unknown>): Query<T>
  orderBy(field: string, order: 'asc' | 'desc'): Query<T>
  limit(n: number): Query<T>
  skip(n: number): Query<T>
  field(projection: Record<string, boolean>): Query<T>
  get(): Promise<QueryResult<T>>
  count(): Promise<{ total: number }>
  update(data: Record<string, unknown>): Promise<{ updated: number }>
  /** Update the first match only, in one request, and answer it as it is afterwards. Not with field(). */
  updateAndReturn(data: Record<string, unknown>): Promise<UpdateAndReturnResult<T>>
  remove(): Promise<{ deleted: number }>
}
export interface DocRef<T> {
  get(): Promise<QueryResult<T>>
  update(data: Record<string, unknown>): Promise<{ updated: number }>
  /** Update this document in one request and answer it as it is afterwards (`doc: null` when it does not exist). */
  updateAndReturn(data: Record<string, unknown>): Promise<UpdateAndReturnResult<T>>
  set(data: Record<string, unknown>): Promise<{ updated: number; upsertedId?: string }>
  remove(): Promise<{ deleted: number }>
}
export interface Collection<T> extends Query<T> {
  add(doc: Record<string, unknown>): Promise<{ id: string }>
  doc(id: string): DocRef<T>
}
export interface Database {
  collection<T = Record<string, unknown>>(name: string): Collection<T>
  command: Record<string, (...args: never[]) => unknown>
  /** `db.RegExp({ regex, options })`: a regular expression condition for where() (a `^prefix` one can use an index). */
  RegExp(options: { regex: string; options?: string }): unknown
}

/** True for MongoDB's duplicate-key error (code 11000), as uniCloud surfaces it. */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null
  return !!e && (e.code === 11000 || /E11000|duplicate key/i.test(String(e.message ?? '')))
}
