/**
 * `uniCloud.database()` on @seald-io/nedb: one datastore per collection, file
 * backed under dataDir (dev) or in memory (tests).
 *
 * What holds as in uniCloud (MongoDB): string `_id`s (24 hex, like ObjectId);
 * a filtered update is atomic per document, so of N concurrent
 * `where({ id, status: 'NOTPAY' }).update({ status: 'PAID' })` exactly one gets
 * `updated: 1` (nedb runs each operation as one task of its queue); unique,
 * sparse and compound indexes from `<coll>.index.json`, violations throwing
 * `E11000 duplicate key error` with `code: 11000`; seed data loaded into an
 * empty collection; `get()` returns at most 100 documents unless `limit()`
 * says otherwise (at most 1000). Results are copies. `updateAndReturn` on
 * where() and doc() (cloud code only in uniCloud; docs/unicloud.md §2): one
 * document, the first that matches, updated and answered as it is afterwards,
 * `{ updated: 1, doc }`, or `{ updated: 0, doc: null }` when none matches;
 * never with field(). Every request is counted (db-operations.ts).
 */
import Datastore from '@seald-io/nedb'
import { randomBytes, randomInt } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import {
  createCommand,
  isPlainObject,
  type DbCommand,
  type NedbObject,
  ServerDate,
  toNedbQuery,
  toNedbUpdate,
  toStored,
} from './db-command'
import { normaliseRoots } from './cloud-roots'
import { readIndexSpecs, readSeedData, type IndexSpec } from './db-collection-files'
import { DbOperationMeter, type DbOperationCounts, type DbOperationKind } from './db-operations'
import { duplicateKeyError } from './errors'

export interface DatabaseOptions {
  /** The uniCloud folder(s) whose database/ holds indexes and seed data (cloud-roots.ts). */
  cloudRoot: string | readonly string[]
  /** nedb files go here; undefined → in memory. */
  dataDir?: string
  now: () => number
}

/** A stored document. */
export type Doc = Record<string, unknown> & { _id: string }

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000
const NAME = /^[A-Za-z0-9_-]+$/

interface CollectionStore {
  ds: Datastore<Record<string, unknown>>
  indexes: IndexSpec[]
}

interface QueryState {
  where?: NedbObject
  orders: Array<[string, 1 | -1]>
  skip?: number
  limit?: number
  projection?: Record<string, 0 | 1>
}

let counter = randomBytes(3).readUIntBE(0, 3)

/** A 24-hex id shaped like MongoDB's ObjectId (time, random, counter). */
function newObjectId(nowMs: number): string {
  counter = (counter + 1) % 0xffffff
  const buf = Buffer.alloc(12)
  buf.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, 0)
  buf.writeUIntBE(randomInt(0, 2 ** 40), 4, 5)
  buf.writeUIntBE(counter, 9, 3)
  return buf.toString('hex')
}

/** The database one runtime gives its cloud code. */
export class Database {
  /** `db.command`. */
  readonly command: DbCommand = createCommand()
  /** @internal what counts the operations (the runtime measures each invocation with it). */
  readonly meter = new DbOperationMeter()
  private readonly stores = new Map<string, Promise<CollectionStore>>()
  private closed = false

  constructor(private readonly options: DatabaseOptions) {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
  }

  /** A collection by name (created on first use). */
  collection(name: string): CollectionReference {
    if (typeof name !== 'string' || !NAME.test(name)) throw new TypeError(`invalid collection name: ${String(name)}`)
    return new CollectionReference(this, name, { orders: [] })
  }

  /** `db.serverDate()`: the runtime clock's time at write. */
  serverDate(options: { offset?: number } = {}): ServerDate {
    return new ServerDate(options.offset ?? 0)
  }

  /** `db.RegExp({ regex, options })`. */
  RegExp({ regex, options = '' }: { regex: string; options?: string }): RegExp {
    return new RegExp(regex, options)
  }

  /** Run `work` and answer the database operations it made (outside any invocation: tests, benchmarks). */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; counts: DbOperationCounts }> {
    return this.meter.measure(work)
  }

  /** Compact the data files and refuse further use. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    const stores = await Promise.allSettled([...this.stores.values()])
    if (!this.options.dataDir) return
    await Promise.allSettled(
      stores.map((s) => (s.status === 'fulfilled' ? s.value.ds.compactDatafileAsync() : Promise.resolve())),
    )
  }

  /** @internal count one request to the database. */
  record(kind: DbOperationKind, collection: string): void {
    this.meter.record(kind, collection)
  }

  /** @internal the clock cloud writes use. */
  now(): number {
    return this.options.now()
  }

  /** @internal the collection's datastore, loaded, indexed and seeded. */
  store(name: string): Promise<CollectionStore> {
    if (this.closed) return Promise.reject(new Error('database is closed'))
    let store = this.stores.get(name)
    if (!store) {
      store = this.open(name)
      this.stores.set(name, store)
      store.catch(() => this.stores.delete(name))
    }
    return store
  }

  private async open(name: string): Promise<CollectionStore> {
    const { dataDir } = this.options
    const cloudRoot = normaliseRoots(this.options.cloudRoot)
    const ds = new Datastore<Record<string, unknown>>(
      dataDir ? { filename: path.join(dataDir, `${name}.db`) } : { inMemoryOnly: true },
    )
    if (dataDir) await ds.loadDatabaseAsync()
    const indexes = readIndexSpecs(cloudRoot, name)
    for (const index of indexes) {
      await ds.ensureIndexAsync({ fieldName: index.fields, unique: index.unique, sparse: index.sparse })
    }
    const store: CollectionStore = { ds, indexes }
    if ((await ds.countAsync({})) === 0) {
      const seed = readSeedData(cloudRoot, name)
      if (seed.length) {
        const docs = seed.map((d) => this.prepareInsert(d))
        await this.guard(store, name, () => ds.insertAsync(docs), docs)
      }
    }
    return store
  }

  /** @internal a document ready to insert: copied, server dates resolved, string `_id`. */
  prepareInsert(doc: unknown): Doc {
    if (!isPlainObject(doc)) throw new TypeError('add() takes an object or an array of objects')
    const stored = toStored(doc, this.options.now) as Record<string, unknown>
    const id = stored._id
    stored._id = typeof id === 'string' && id ? id : id == null ? newObjectId(this.options.now()) : String(id)
    return stored as Doc
  }

  /** @internal run a write, turning nedb's unique violation into MongoDB's E11000. */
  async guard<T>(store: CollectionStore, name: string, write: () => Promise<T>, candidates?: Doc[]): Promise<T> {
    try {
      return await write()
    } catch (error) {
      const e = error as { errorType?: string; key?: unknown }
      if (e?.errorType !== 'uniqueViolated') throw error
      const index = findViolatedIndex(store.indexes, e.key, candidates)
      let keyValue: Record<string, unknown> | undefined
      if (index && index.fields.length === 1) keyValue = { [index.fields[0]]: e.key }
      else if (isPlainObject(e.key)) keyValue = e.key
      throw duplicateKeyError(name, index?.name, keyValue)
    }
  }
}

function findViolatedIndex(indexes: IndexSpec[], key: unknown, candidates?: Doc[]): IndexSpec | undefined {
  const unique = indexes.filter((i) => i.unique)
  if (isPlainObject(key)) {
    const keyFields = Object.keys(key).sort().join(',')
    return unique.find((i) => [...i.fields].sort().join(',') === keyFields)
  }
  const single = unique.filter((i) => i.fields.length === 1)
  const get = (doc: Doc, field: string) => field.split('.').reduce<unknown>((v, k) => (isPlainObject(v) ? v[k] : undefined), doc)
  return single.find((i) => candidates?.some((d) => get(d, i.fields[0]) === key)) ?? single[0]
}

/** A query on a collection: where / orderBy / skip / limit / field, then get / count / update / remove. */
export class Query {
  constructor(
    protected readonly db: Database,
    protected readonly name: string,
    protected readonly state: QueryState,
  ) {}

  private next(patch: Partial<QueryState>): Query {
    return new Query(this.db, this.name, { ...this.state, ...patch })
  }

  /** Filter (replaces an earlier where). */
  where(query: unknown): Query {
    return this.next({ where: toNedbQuery(query, () => this.db.now()) })
  }

  /** Sort by a field; calls add keys in order. */
  orderBy(field: string, direction: 'asc' | 'desc' = 'asc'): Query {
    if (direction !== 'asc' && direction !== 'desc') throw new TypeError(`orderBy direction must be asc or desc`)
    return this.next({ orders: [...this.state.orders, [field, direction === 'asc' ? 1 : -1]] })
  }

  /** Skip the first n matches. */
  skip(n: number): Query {
    if (!Number.isInteger(n) || n < 0) throw new TypeError('skip() takes a non-negative integer')
    return this.next({ skip: n })
  }

  /** At most n matches (uniCloud caps at 1000). */
  limit(n: number): Query {
    if (!Number.isInteger(n) || n < 1) throw new TypeError('limit() takes a positive integer')
    return this.next({ limit: Math.min(n, MAX_LIMIT) })
  }

  /** Projection: `{ field: true }` keeps, `{ field: false }` drops. */
  field(projection: Record<string, unknown>): Query {
    return this.next({ projection: toProjection(projection) })
  }

  /** The matching documents. */
  async get(): Promise<{ data: Doc[]; affectedDocs: number }> {
    this.db.record('get', this.name)
    const { ds } = await this.db.store(this.name)
    let cursor = ds.findAsync(this.state.where ?? {}, this.state.projection ?? {})
    if (this.state.orders.length) cursor = cursor.sort(Object.fromEntries(this.state.orders))
    if (this.state.skip) cursor = cursor.skip(this.state.skip)
    cursor = cursor.limit(this.state.limit ?? DEFAULT_LIMIT)
    const data = (await cursor) as unknown as Doc[]
    return { data, affectedDocs: data.length }
  }

  /** How many documents match. */
  async count(): Promise<{ total: number; affectedDocs: number }> {
    this.db.record('count', this.name)
    const { ds } = await this.db.store(this.name)
    const total = await ds.countAsync(this.state.where ?? {})
    return { total, affectedDocs: total }
  }

  /** Update every match (nested objects merge; db.command.set replaces). */
  async update(data: unknown): Promise<{ updated: number; affectedDocs: number }> {
    const where = this.requireWhere('update')
    this.db.record('update', this.name)
    const modifier = toNedbUpdate(data, () => this.db.now())
    const store = await this.db.store(this.name)
    const { numAffected } = await this.db.guard(store, this.name, () => store.ds.updateAsync(where, modifier, { multi: true }))
    return { updated: numAffected, affectedDocs: numAffected }
  }

  /**
   * Update the first match only and answer it as it is afterwards (`doc: null`
   * when nothing matches). One nedb task: atomic like a conditional update.
   * `updated` is 1 for a match even when nothing changed, as documented.
   */
  async updateAndReturn(data: unknown): Promise<{ updated: number; doc: Doc | null }> {
    const where = this.requireWhere('updateAndReturn')
    if (this.state.projection) throw new TypeError('updateAndReturn() cannot be used with field()')
    // Undocumented for updateAndReturn: refused, so code cannot come to rely on what production may ignore.
    if (this.state.orders.length || this.state.skip !== undefined || this.state.limit !== undefined) {
      throw new TypeError('updateAndReturn() takes where() only: orderBy, skip and limit are not documented for it')
    }
    this.db.record('updateAndReturn', this.name)
    return updateOne(this.db, this.name, where, data)
  }

  /** Remove every match. */
  async remove(): Promise<{ deleted: number; affectedDocs: number }> {
    const where = this.requireWhere('remove')
    this.db.record('remove', this.name)
    const { ds } = await this.db.store(this.name)
    const deleted = await ds.removeAsync(where, { multi: true })
    return { deleted, affectedDocs: deleted }
  }

  private requireWhere(operation: string): NedbObject {
    if (!this.state.where) throw new TypeError(`${operation}() on a whole collection needs a where() first`)
    return this.state.where
  }
}

/** `db.collection(name)`. */
export class CollectionReference extends Query {
  /** Insert one document (`{ id }`) or many (`{ ids, inserted }`). */
  async add(docs: unknown): Promise<{ id: string } | { ids: string[]; inserted: number }> {
    this.db.record('add', this.name)
    const store = await this.db.store(this.name)
    if (Array.isArray(docs)) {
      const prepared = docs.map((d) => this.db.prepareInsert(d))
      await this.db.guard(store, this.name, () => store.ds.insertAsync(prepared), prepared)
      return { ids: prepared.map((d) => d._id), inserted: prepared.length }
    }
    const doc = this.db.prepareInsert(docs)
    await this.db.guard(store, this.name, () => store.ds.insertAsync(doc), [doc])
    return { id: doc._id }
  }

  /** One document by `_id`. */
  doc(id: string): DocumentReference {
    if (typeof id !== 'string' || !id) throw new TypeError('doc() takes a non-empty string id')
    return new DocumentReference(this.db, this.name, id)
  }
}

/** `collection.doc(id)`. */
export class DocumentReference {
  constructor(
    private readonly db: Database,
    private readonly name: string,
    private readonly id: string,
    private readonly projection?: Record<string, 0 | 1>,
  ) {}

  /** Projection for get(). */
  field(projection: Record<string, unknown>): DocumentReference {
    return new DocumentReference(this.db, this.name, this.id, toProjection(projection))
  }

  /** `{ data: [doc] }`, or `{ data: [] }` when it does not exist. */
  async get(): Promise<{ data: Doc[]; affectedDocs: number }> {
    this.db.record('get', this.name)
    const { ds } = await this.db.store(this.name)
    const data = (await ds.findAsync({ _id: this.id }, this.projection ?? {})) as unknown as Doc[]
    return { data, affectedDocs: data.length }
  }

  /** Merge fields into the document (atomic). */
  async update(data: unknown): Promise<{ updated: number; affectedDocs: number }> {
    this.db.record('update', this.name)
    const modifier = toNedbUpdate(data, () => this.db.now())
    const store = await this.db.store(this.name)
    const { numAffected } = await this.db.guard(store, this.name, () => store.ds.updateAsync({ _id: this.id }, modifier, { multi: false }))
    return { updated: numAffected, affectedDocs: numAffected }
  }

  /** Merge fields into the document and answer it as it is afterwards (`doc: null` when it does not exist). */
  async updateAndReturn(data: unknown): Promise<{ updated: number; doc: Doc | null }> {
    if (this.projection) throw new TypeError('updateAndReturn() cannot be used with field()')
    this.db.record('updateAndReturn', this.name)
    return updateOne(this.db, this.name, { _id: this.id }, data)
  }

  /** Replace the whole document, creating it when missing. */
  async set(data: unknown): Promise<{ updated: number; upsertedId?: string; affectedDocs: number }> {
    this.db.record('set', this.name)
    if (!isPlainObject(data)) throw new TypeError('set() takes an object')
    const replacement = this.db.prepareInsert({ ...data, _id: this.id })
    const store = await this.db.store(this.name)
    const result = await this.db.guard(
      store,
      this.name,
      () => store.ds.updateAsync({ _id: this.id }, replacement, { upsert: true }),
      [replacement],
    )
    if (result.upsert) return { updated: 0, upsertedId: this.id, affectedDocs: 1 }
    return { updated: result.numAffected, affectedDocs: result.numAffected }
  }

  /** Remove the document. */
  async remove(): Promise<{ deleted: number; affectedDocs: number }> {
    this.db.record('remove', this.name)
    const { ds } = await this.db.store(this.name)
    const deleted = await ds.removeAsync({ _id: this.id }, { multi: false })
    return { deleted, affectedDocs: deleted }
  }
}

/** The first document matching `where`, updated in one nedb task, as it is afterwards (a copy). */
async function updateOne(db: Database, name: string, where: NedbObject, data: unknown): Promise<{ updated: number; doc: Doc | null }> {
  const modifier = toNedbUpdate(data, () => db.now())
  const store = await db.store(name)
  const { affectedDocuments } = await db.guard(store, name, () => store.ds.updateAsync(where, modifier, { multi: false, returnUpdatedDocs: true }))
  const doc = (affectedDocuments ?? null) as unknown as Doc | null
  return { updated: doc ? 1 : 0, doc }
}

function toProjection(projection: Record<string, unknown>): Record<string, 0 | 1> {
  if (!isPlainObject(projection)) throw new TypeError('field() takes an object')
  const out: Record<string, 0 | 1> = {}
  for (const [key, value] of Object.entries(projection)) out[key] = value ? 1 : 0
  return out
}
