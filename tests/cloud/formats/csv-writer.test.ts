import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvField, renderCsv } from '../../../cloud/formats/csv-writer'

describe('csv-writer', () => {
  it.each([
    ['plain', 'plain'],
    ['中文', '中文'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    ['=1+1', "'=1+1"],
    ['+86', "'+86"],
    ['-3', "'-3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['=A1,"x"', `"'=A1,""x"""`],
  ])('writes the text %j as %j', (text, field) => {
    expect(csvField(text)).toBe(field)
  })

  it('writes numbers as they are, and long digit identifiers behind a tab (text in spreadsheets)', () => {
    expect(csvField(-12.5)).toBe('-12.5')
    expect(csvField({ id: '4200001234202501011234567890' })).toBe('\t4200001234202501011234567890')
    expect(csvField({ id: '12345678901' })).toBe('12345678901')
    expect(csvField({ id: '20250101000000ABCDEFGHJK' })).toBe('20250101000000ABCDEFGHJK')
    expect(csvField({ id: '' })).toBe('')
  })

  it('renders a BOM, CRLF line ends, and a file a CSV parser reads back exactly', () => {
    const rows = [
      ['逗号,和"引号"', '换行\r\n第二行', '68.00'],
      ['', '普通', '0.01'],
    ]
    const bytes = renderCsv(['名称', '备注', '金额（元）'], rows)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes.subarray(3))
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.split('\r\n')[0]).toBe('名称,备注,金额（元）')
    expect(parse(text)).toEqual([['名称', '备注', '金额（元）'], ...rows])
  })
})
