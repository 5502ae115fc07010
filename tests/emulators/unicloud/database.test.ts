/** `uniCloud.database()` on nedb: operations, commands, atomic conditional update, indexes, seeds, persistence. */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { UniCloudRuntime } from '../../../emulators/unicloud'
import { fixtureRuntime } from './support'

const open: UniCloudRuntime[] = []
const dirs: string[] = []
function start(options: Parameters<typeof fixtureRuntime>[0] = {}) {
  const { runtime } = fixtureRuntime(options)
  open.push(runtime)
  return runtime
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()))
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
})

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: unknown }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: unknown }
  }
  throw new Error('expected a rejection')
}

describe('documents', () => {
  it('adds one ({ id }) or many ({ ids, inserted }) with 24-hex string ids, and gets by doc(id)', async () => {
    const db = start().database()
    const one = (await db.collection('notes').add({ text: 'a' })) as { id: string }
    expect(one.id).toMatch(/^[0-9a-f]{24}$/)
    const many = (await db.collection('notes').add([{ text: 'b' }, { text: 'c', _id: 'own-id' }])) as { ids: string[]; inserted: number }
    expect(many).toEqual({ ids: [expect.stringMatching(/^[0-9a-f]{24}$/), 'own-id'], inserted: 2 })
    expect(await db.collection('notes').doc(one.id).get()).toEqual({ data: [{ _id: one.id, text: 'a' }], affectedDocs: 1 })
    expect(await db.collection('notes').doc('missing').get()).toEqual({ data: [], affectedDocs: 0 })
  })

  it('merges nested objects on update, replaces with command.set, and applies inc/push/pull/remove', async () => {
    const db = start().database()
    const _ = db.command
    const { id } = (await db.collection('users').add({
      appid: 'a',
      openid: 'o1',
      profile: { nick: 'old', city: 'SH' },
      prefs: { a: 1, b: 2 },
      count: 1,
      tags: ['x', 'y'],
      temp: true,
    })) as { id: string }
    const doc = db.collection('users').doc(id)
    expect(await doc.update({ profile: { nick: 'new' }, prefs: _.set({ c: 3 }), count: _.inc(2), tags: _.push(['z', 'w']), temp: _.remove() })).toEqual({
      updated: 1,
      affectedDocs: 1,
    })
    await doc.update({ tags: _.pull('y') })
    await doc.update({ tags: _.push('v') })
    const { data } = await doc.get()
    expect(data[0]).toEqual({
      _id: id,
      appid: 'a',
      openid: 'o1',
      profile: { nick: 'new', city: 'SH' },
      prefs: { c: 3 },
      count: 3,
      tags: ['x', 'z', 'w', 'v'],
    })
  })

  it('set() replaces the whole document, or creates it', async () => {
    const db = start().database()
    await db.collection('kv').add({ _id: 'k1', a: 1, b: 2 })
    expect(await db.collection('kv').doc('k1').set({ c: 3 })).toEqual({ updated: 1, affectedDocs: 1 })
    expect((await db.collection('kv').doc('k1').get()).data).toEqual([{ _id: 'k1', c: 3 }])
    expect(await db.collection('kv').doc('k2').set({ d: 4 })).toMatchObject({ upsertedId: 'k2' })
    expect((await db.collection('kv').doc('k2').get()).data).toEqual([{ _id: 'k2', d: 4 }])
  })

  it('writes serverDate() with the runtime clock', async () => {
    const fixed = Date.UTC(2030, 0, 2, 3, 4, 5)
    const db = start({ now: () => fixed }).database()
    const { id } = (await db.collection('stamps').add({ at: db.serverDate(), later: db.serverDate({ offset: 1000 }) })) as { id: string }
    const [doc] = (await db.collection('stamps').doc(id).get()).data
    expect(doc.at).toEqual(new Date(fixed))
    expect(doc.later).toEqual(new Date(fixed + 1000))
    expect(parseInt(id.slice(0, 8), 16)).toBe(fixed / 1000)
  })

  it('removes by doc and by where, and counts', async () => {
    const db = start().database()
    await db.collection('items').add([{ k: 1 }, { k: 2 }, { k: 3 }, { _id: 'gone', k: 4 }])
    expect(await db.collection('items').doc('gone').remove()).toEqual({ deleted: 1, affectedDocs: 1 })
    expect(await db.collection('items').where({ k: db.command.gte(2) }).remove()).toEqual({ deleted: 2, affectedDocs: 2 })
    expect(await db.collection('items').count()).toEqual({ total: 1, affectedDocs: 1 })
  })

  it('refuses update and remove on a whole collection without where()', async () => {
    const db = start().database()
    await expect(db.collection('items').update({ a: 1 })).rejects.toThrow(/needs a where/)
    await expect(db.collection('items').remove()).rejects.toThrow(/needs a where/)
  })

  it('returns copies: changing a result does not change the stored document', async () => {
    const db = start().database()
    await db.collection('c').add({ _id: 'x', nested: { v: 1 } })
    const first = (await db.collection('c').doc('x').get()).data[0] as unknown as { nested: { v: number } }
    first.nested.v = 99
    expect((await db.collection('c').doc('x').get()).data[0]).toEqual({ _id: 'x', nested: { v: 1 } })
  })
})

describe('queries', () => {
  async function seeded() {
    const db = start().database()
    await db.collection('q').add([
      { _id: '1', n: 1, s: 'apple', tags: ['red'], sub: { a: 1, b: 'x' } },
      { _id: '2', n: 2, s: 'banana', tags: ['yellow'], sub: { a: 2, b: 'y' } },
      { _id: '3', n: 3, s: 'cherry', tags: ['red', 'dark'], sub: { a: 3, b: 'x' }, opt: null },
      { _id: '4', n: 4, s: 'date', tags: [], sub: { a: 4, b: 'z' } },
    ])
    return db
  }
  const ids = (r: { data: Array<{ _id: string }> }) => r.data.map((d) => d._id).sort()

  it.each([
    ['eq', (_: Cmd) => ({ n: _.eq(2) }), ['2']],
    ['neq', (_: Cmd) => ({ n: _.neq(2) }), ['1', '3', '4']],
    ['gt', (_: Cmd) => ({ n: _.gt(2) }), ['3', '4']],
    ['gte', (_: Cmd) => ({ n: _.gte(2) }), ['2', '3', '4']],
    ['lt', (_: Cmd) => ({ n: _.lt(2) }), ['1']],
    ['lte', (_: Cmd) => ({ n: _.lte(2) }), ['1', '2']],
    ['in', (_: Cmd) => ({ s: _.in(['apple', 'date']) }), ['1', '4']],
    ['nin', (_: Cmd) => ({ s: _.nin(['apple', 'date']) }), ['2', '3']],
    ['exists true', (_: Cmd) => ({ opt: _.exists(true) }), ['3']],
    ['exists false', (_: Cmd) => ({ opt: _.exists(false) }), ['1', '2', '4']],
    ['field and', (_: Cmd) => ({ n: _.gt(1).and(_.lt(4)) }), ['2', '3']],
    ['field or', (_: Cmd) => ({ n: _.lt(2).or(_.gt(3)) }), ['1', '4']],
    ['command.or on a field', (_: Cmd) => ({ n: _.or(_.eq(1), _.eq(3)) }), ['1', '3']],
    ['top-level or', (_: Cmd) => _.or([{ n: 1 }, { s: 'date' }]), ['1', '4']],
    ['top-level and', (_: Cmd) => _.and({ n: _.gt(1) }, { 'sub.b': 'x' }), ['3']],
    ['nested object matches sub-fields', () => ({ sub: { b: 'x' } }), ['1', '3']],
    ['dot path', () => ({ 'sub.a': 2 }), ['2']],
    ['array contains', () => ({ tags: 'red' }), ['1', '3']],
    ['regexp', () => ({ s: /an/ }), ['2']],
  ])('%s', async (_name, where, expected) => {
    const db = await seeded()
    expect(ids(await db.collection('q').where(where(db.command)).get())).toEqual(expected)
  })

  it('orders, skips, limits and projects', async () => {
    const db = await seeded()
    const page = await db.collection('q').where({ n: db.command.gte(1) }).orderBy('n', 'desc').skip(1).limit(2).field({ s: true }).get()
    expect(page.data).toEqual([
      { _id: '3', s: 'cherry' },
      { _id: '2', s: 'banana' },
    ])
    const dropped = await db.collection('q').orderBy('sub.b', 'asc').orderBy('n', 'desc').field({ sub: false, tags: false }).get()
    expect(dropped.data.map((d) => d._id)).toEqual(['3', '1', '2', '4'])
    expect(dropped.data[0]).toEqual({ _id: '3', n: 3, s: 'cherry', opt: null })
  })

  it('returns 100 documents by default and at most 1000', async () => {
    const db = start().database()
    await db.collection('many').add(Array.from({ length: 1005 }, (_, i) => ({ i })))
    expect((await db.collection('many').get()).data).toHaveLength(100)
    expect((await db.collection('many').limit(5000).get()).data).toHaveLength(1000)
    expect(await db.collection('many').count()).toMatchObject({ total: 1005 })
  })
})

type Cmd = ReturnType<UniCloudRuntime['database']>['command']

describe('atomic conditional update', () => {
  it('gives updated: 1 to exactly one of 25 concurrent NOTPAY → PAID updates', async () => {
    const db = start().database()
    await db.collection('orders').add({ out_trade_no: 'T1', status: 'NOTPAY' })
    const results = await Promise.all(
      Array.from({ length: 25 }, () => db.collection('orders').where({ out_trade_no: 'T1', status: 'NOTPAY' }).update({ status: 'PAID' })),
    )
    expect(results.filter((r) => r.updated === 1)).toHaveLength(1)
    expect(results.filter((r) => r.updated === 0)).toHaveLength(24)
  })

  it('holds for concurrent calls of cloud code too', async () => {
    const runtime = start()
    await runtime.database().collection('orders').add({ out_trade_no: 'T2', status: 'NOTPAY' })
    const results = (await Promise.all(Array.from({ length: 10 }, () => runtime.invoke('orders', 'markPaid', ['T2'])))) as Array<{ updated: number }>
    expect(results.map((r) => r.updated).sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    const [order] = (await runtime.database().collection('orders').where({ out_trade_no: 'T2' }).get()).data
    expect(order).toMatchObject({ status: 'PAID', paid_at: expect.any(Date) })
  })
})

describe('indexes from <coll>.index.json', () => {
  it('throws E11000 with code 11000 on a unique violation, naming the index', async () => {
    const db = start().database()
    await db.collection('orders').add({ out_trade_no: 'DUP' })
    const error = await rejection(db.collection('orders').add({ out_trade_no: 'DUP' }))
    expect(error.code).toBe(11000)
    expect(error.message).toContain('E11000 duplicate key error')
    expect(error.message).toContain('index: out_trade_no_unique')
    expect(error.message).toContain('out_trade_no: "DUP"')
  })

  it('enforces a compound unique index on the pair only', async () => {
    const db = start().database()
    await db.collection('users').add([
      { appid: 'a1', openid: 'o1' },
      { appid: 'a2', openid: 'o1' },
      { appid: 'a1', openid: 'o2' },
    ])
    const error = await rejection(db.collection('users').add({ appid: 'a1', openid: 'o1' }))
    expect(error.code).toBe(11000)
    expect(error.message).toContain('index: appid_openid')
  })

  it('lets a sparse unique index skip documents without the field', async () => {
    const db = start().database()
    await db.collection('users').add([
      { appid: 'a', openid: '1' },
      { appid: 'a', openid: '2' },
      { appid: 'a', openid: '3', unionid: 'u1' },
    ])
    const error = await rejection(db.collection('users').add({ appid: 'a', openid: '4', unionid: 'u1' }))
    expect(error.code).toBe(11000)
    expect(error.message).toContain('index: unionid_sparse')
  })

  it('refuses an update that would duplicate, and a batch add with a duplicate adds nothing', async () => {
    const db = start().database()
    await db.collection('orders').add([{ _id: 'o1', out_trade_no: 'A' }, { _id: 'o2', out_trade_no: 'B' }])
    expect((await rejection(db.collection('orders').doc('o2').update({ out_trade_no: 'A' }))).code).toBe(11000)
    expect((await rejection(db.collection('orders').add([{ out_trade_no: 'C' }, { out_trade_no: 'A' }]))).code).toBe(11000)
    expect(await db.collection('orders').count()).toMatchObject({ total: 2 })
  })
})

describe('seed data and persistence', () => {
  it('seeds an empty collection from <coll>.init_data.json', async () => {
    const db = start().database()
    const { data } = await db.collection('products').orderBy('price', 'asc').get()
    expect(data.map((p) => p.name)).toEqual(['Seed without id', 'Basic', 'Pro'])
    expect(data[0]._id).toMatch(/^[0-9a-f]{24}$/)
  })

  it('keeps data in nedb files under dataDir across restarts, without seeding twice', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'unicloud-db-'))
    dirs.push(dataDir)
    const first = start({ dataDir })
    await first.database().collection('products').add({ name: 'Added', price: 5 })
    await first.database().collection('notes').add({ _id: 'n1', text: 'kept' })
    await first.close()
    const second = start({ dataDir })
    expect(await second.database().collection('products').count()).toMatchObject({ total: 4 })
    expect((await second.database().collection('notes').doc('n1').get()).data).toEqual([{ _id: 'n1', text: 'kept' }])
    // Index definitions still hold after a reload from file.
    await second.database().collection('orders').add({ out_trade_no: 'P' })
    expect((await rejection(second.database().collection('orders').add({ out_trade_no: 'P' }))).code).toBe(11000)
  })
})
