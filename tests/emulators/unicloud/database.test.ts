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

describe('updateAndReturn (docs/unicloud.md §2)', () => {
  it('updates the match and answers it as it is afterwards: the documented example', async () => {
    const db = start().database()
    const { id } = (await db.collection('test').add({ uid: '1', score: 0 })) as { id: string }
    expect(await db.collection('test').where({ uid: '1' }).updateAndReturn({ score: db.command.inc(2) })).toEqual({
      updated: 1,
      doc: { _id: id, uid: '1', score: 2 },
    })
    expect((await db.collection('test').doc(id).get()).data).toEqual([{ _id: id, uid: '1', score: 2 }])
  })

  it('touches only the first of several matches', async () => {
    const db = start().database()
    await db.collection('test').add([{ _id: 'a', k: 1, n: 0 }, { _id: 'b', k: 1, n: 0 }, { _id: 'c', k: 1, n: 0 }])
    const { updated, doc } = await db.collection('test').where({ k: 1 }).updateAndReturn({ n: db.command.inc(1) })
    expect(updated).toBe(1)
    expect(doc).toMatchObject({ k: 1, n: 1 })
    const { data } = await db.collection('test').where({ k: 1 }).get()
    expect(data.map((d) => d.n).sort()).toEqual([0, 0, 1])
  })

  it('answers { updated: 0, doc: null } when nothing matches, on where() and on doc()', async () => {
    const db = start().database()
    await db.collection('test').add({ _id: 'x', status: 'PAID' })
    expect(await db.collection('test').where({ _id: 'x', status: 'NOTPAY' }).updateAndReturn({ status: 'CLOSED' })).toEqual({ updated: 0, doc: null })
    expect(await db.collection('test').doc('missing').updateAndReturn({ status: 'CLOSED' })).toEqual({ updated: 0, doc: null })
    expect((await db.collection('test').doc('x').get()).data).toEqual([{ _id: 'x', status: 'PAID' }])
  })

  it('on doc(id): merges nested objects like update() and answers the whole document', async () => {
    const db = start().database()
    await db.collection('test').add({ _id: 'd', name: 'Hello', count: { fav: 0, follow: 0 }, tags: ['a'] })
    expect(await db.collection('test').doc('d').updateAndReturn({ name: 'Hey', count: { fav: 1 }, tags: db.command.push('b') })).toEqual({
      updated: 1,
      doc: { _id: 'd', name: 'Hey', count: { fav: 1, follow: 0 }, tags: ['a', 'b'] },
    })
  })

  it('counts a match as updated even when the data does not change, as documented', async () => {
    const db = start().database()
    await db.collection('test').add({ _id: 'same', v: 1 })
    expect(await db.collection('test').doc('same').updateAndReturn({ v: 1 })).toEqual({ updated: 1, doc: { _id: 'same', v: 1 } })
  })

  it('writes serverDate() and answers it as a date; the answer is a copy', async () => {
    const runtime = start({ now: () => Date.UTC(2025, 0, 1) })
    const db = runtime.database()
    await db.collection('test').add({ _id: 't', nested: { v: 1 } })
    const { doc } = await db.collection('test').doc('t').updateAndReturn({ at: db.serverDate() })
    expect(doc).toEqual({ _id: 't', nested: { v: 1 }, at: new Date(Date.UTC(2025, 0, 1)) })
    ;(doc as unknown as { nested: { v: number } }).nested.v = 99
    expect((await db.collection('test').doc('t').get()).data[0]).toMatchObject({ nested: { v: 1 } })
  })

  it('cannot be combined with field(); takes no orderBy, skip or limit; needs where() or doc()', async () => {
    const db = start().database()
    await db.collection('test').add({ _id: 'f', k: 1 })
    await expect(db.collection('test').where({ k: 1 }).field({ k: true }).updateAndReturn({ k: 2 })).rejects.toThrow(/field\(\)/)
    await expect(db.collection('test').doc('f').field({ k: true }).updateAndReturn({ k: 2 })).rejects.toThrow(/field\(\)/)
    await expect(db.collection('test').where({ k: 1 }).orderBy('k', 'asc').updateAndReturn({ k: 2 })).rejects.toThrow(/orderBy/)
    await expect(db.collection('test').where({ k: 1 }).limit(1).updateAndReturn({ k: 2 })).rejects.toThrow(/limit/)
    await expect(db.collection('test').updateAndReturn({ k: 2 })).rejects.toThrow(/needs a where/)
    expect((await db.collection('test').doc('f').get()).data).toEqual([{ _id: 'f', k: 1 }])
  })

  it('gives the document to exactly one of 25 concurrent conditional updates', async () => {
    const db = start().database()
    await db.collection('orders').add({ _id: 'race', out_trade_no: 'R1', status: 'NOTPAY' })
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => db.collection('orders').where({ _id: 'race', status: 'NOTPAY' }).updateAndReturn({ status: 'PAID', winner: i })),
    )
    const winners = results.filter((r) => r.doc !== null)
    expect(winners).toHaveLength(1)
    expect(results.filter((r) => r.updated === 0 && r.doc === null)).toHaveLength(24)
    expect((await db.collection('orders').doc('race').get()).data[0]).toEqual(winners[0].doc)
  })

  it('refuses an update that would break a unique index with E11000, changing nothing', async () => {
    const db = start().database()
    await db.collection('orders').add([{ _id: 'u1', out_trade_no: 'A' }, { _id: 'u2', out_trade_no: 'B' }])
    expect((await rejection(db.collection('orders').doc('u2').updateAndReturn({ out_trade_no: 'A' }))).code).toBe(11000)
    expect((await db.collection('orders').doc('u2').get()).data).toEqual([{ _id: 'u2', out_trade_no: 'B' }])
  })
})

describe('counting database operations', () => {
  it('counts each request by kind and collection, in order, within measure() only', async () => {
    const db = start().database()
    await db.collection('outside').add({ _id: 'o' })
    const { result, counts } = await db.measure(async () => {
      await db.collection('notes').add({ _id: 'n', v: 1 })
      await db.collection('notes').doc('n').get()
      await db.collection('notes').where({ v: 1 }).get()
      await db.collection('notes').where({ v: 1 }).count()
      await db.collection('notes').doc('n').update({ v: 2 })
      await db.collection('notes').where({ v: 2 }).updateAndReturn({ v: 3 })
      await db.collection('notes').doc('n').updateAndReturn({ v: 4 })
      await db.collection('notes').doc('s').set({ v: 5 })
      await db.collection('notes').doc('s').remove()
      await db.collection('notes').where({ v: 4 }).update({ v: 6 })
      await db.collection('notes').where({ v: 6 }).remove()
      return 'done'
    })
    expect(result).toBe('done')
    expect(counts.total).toBe(11)
    expect(counts.byKind).toEqual({ add: 1, get: 2, count: 1, update: 2, updateAndReturn: 2, set: 1, remove: 2 })
    expect(counts.operations.map((o) => `${o.kind} ${o.collection}`)).toEqual([
      'add notes',
      'get notes',
      'get notes',
      'count notes',
      'update notes',
      'updateAndReturn notes',
      'updateAndReturn notes',
      'set notes',
      'remove notes',
      'update notes',
      'remove notes',
    ])
  })

  it('does not count a call refused before any request (no where, field with updateAndReturn)', async () => {
    const db = start().database()
    const { counts } = await db.measure(async () => {
      await db.collection('x').update({ a: 1 }).catch(() => undefined)
      await db.collection('x').remove().catch(() => undefined)
      await db.collection('x').doc('d').field({ a: true }).updateAndReturn({ a: 1 }).catch(() => undefined)
    })
    expect(counts).toEqual({ total: 0, byKind: {}, operations: [] })
  })

  it('keeps concurrent measurements apart', async () => {
    const db = start().database()
    const tick = () => new Promise((resolve) => setImmediate(resolve))
    const [a, b] = await Promise.all([
      db.measure(async () => {
        for (let i = 0; i < 3; i++) {
          await db.collection('a').add({ i })
          await tick()
        }
      }),
      db.measure(async () => {
        await tick()
        await db.collection('b').where({ i: 0 }).get()
      }),
    ])
    expect(a.counts.byKind).toEqual({ add: 3 })
    expect(b.counts.byKind).toEqual({ get: 1 })
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
