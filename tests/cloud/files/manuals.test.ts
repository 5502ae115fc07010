import { describe, expect, it } from 'vitest'
import { MANUALS, manualLines, productCodeText, productFiles, renderManual } from '../../../cloud/files/manuals'
import type { PdfLine } from '../../../cloud/formats/pdf-writer'
import { isCjkChar } from '../../../cloud/formats/pdf-fonts'
import { parseScanTarget } from '../../../src/utils/scan-target'
import { pdfTextLines } from '../../helpers/pdf-reader'

const textOf = (line: PdfLine) => ('text' in line ? line.text : '')

describe('product files', () => {
  it('regression: manuals are Chinese and read back from the PDF exactly (no "?" for Chinese)', () => {
    for (const [id, manual] of Object.entries(MANUALS)) {
      expect(manual.title, id).toMatch(/[\u4e00-\u9fff]/)
      const pdf = renderManual(manual)
      expect(pdfTextLines(pdf), id).toEqual(manualLines(manual).map(textOf))
      expect(Buffer.from(pdf).toString('latin1'), id).not.toContain('?')
    }
  })

  it('every character a manual sets in the CJK font is in GB 2312, which every Adobe-GB1 font and substitute carries', () => {
    // The GB 2312 rows (bytes A1–F7 × A1–FE) as a GBK decoder reads them.
    const gbk = new TextDecoder('gbk')
    const gb2312 = new Set<string>()
    for (let a = 0xa1; a <= 0xf7; a++) for (let b = 0xa1; b <= 0xfe; b++) gb2312.add(gbk.decode(new Uint8Array([a, b])))
    gb2312.delete('\ufffd')
    for (const [id, manual] of Object.entries(MANUALS)) {
      const cjk = [...manualLines(manual).map(textOf).join('')].filter(isCjkChar)
      expect(cjk.filter((ch) => !gb2312.has(ch)), id).toEqual([])
    }
  })

  it('the coffee guide (golden)', () => {
    expect(manualLines(MANUALS['p-coffee-beans']).map(textOf)).toEqual([
      '云南小粒咖啡豆 250g · 冲煮指南',
      '产品说明 · 第 2 版',
      '保存',
      '开封后请封好袋口，置于阴凉避光处；烘焙后 4 周内风味最佳。',
      '手冲（1 杯）',
      '1. 取 15 g 咖啡豆，研磨至中细度。',
      '2. 用热水润湿滤纸，倒掉这部分水。',
      '3. 以 92℃ 的水 30 ml 闷蒸 30 秒。',
      '4. 缓慢注水至共 240 ml，总时长控制在 2:30 至 3:00。',
      '法压壶',
      '18 g 粗研磨，注入 300 ml 热水，浸泡 4 分钟后轻轻压下滤网。',
    ])
  })

  it('knows which products have a manual', () => {
    expect(productFiles('p-mug')).toEqual({ manual: true, code: true })
    expect(productFiles('p-sticker')).toEqual({ manual: false, code: true })
    expect(productFiles('constructor').manual).toBe(false)
  })

  it('a product QR code opens that product in the app’s scanner', () => {
    expect(parseScanTarget(productCodeText('p-coffee-beans'))).toEqual({ ok: true, productId: 'p-coffee-beans' })
  })
})
