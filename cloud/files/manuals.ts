import { CloudError } from '../shared/errors'
import { ensureGeneratedFile, type GeneratedFileDeps } from './generated-files'
import { qrCodePng } from '../formats/png-writer'
import { renderTextPdf, type PdfLine, type PdfTextLine } from '../formats/pdf-writer'
import type { DownloadTarget } from './receipts'

/**
 * Product files: manuals (PDF) for the products that have one, and a QR code
 * (PNG) for every product, which the app's 扫一扫 opens.
 *
 * Manuals are written here as text and rendered to PDF on the first request,
 * then kept in cloud storage (see generated-files.ts). No binary is committed:
 * the text is reviewable in a diff, the PDF bytes are deterministic, and a
 * changed manual takes effect by bumping its `version` (a new storage key).
 * Manuals are Chinese, for the buyers; the PDF writer sets Chinese in the
 * standard CIDFont STSong-Light (not embedded) and Latin in Helvetica.
 */

interface Manual {
  version: number
  title: string
  lines: PdfLine[]
}

const p = (text: string, extra: Partial<PdfTextLine> = {}): PdfTextLine => ({ text, ...extra })
const h = (text: string): PdfTextLine => ({ text, bold: true, size: 13, gapBefore: 12 })

/** The manuals on offer, by product id. */
export const MANUALS: Readonly<Record<string, Manual>> = {
  'p-coffee-beans': {
    version: 2,
    title: '云南小粒咖啡豆 250g · 冲煮指南',
    lines: [
      h('保存'),
      p('开封后请封好袋口，置于阴凉避光处；烘焙后 4 周内风味最佳。'),
      h('手冲（1 杯）'),
      p('1. 取 15 g 咖啡豆，研磨至中细度。'),
      p('2. 用热水润湿滤纸，倒掉这部分水。'),
      p('3. 以 92℃ 的水 30 ml 闷蒸 30 秒。'),
      p('4. 缓慢注水至共 240 ml，总时长控制在 2:30 至 3:00。'),
      h('法压壶'),
      p('18 g 粗研磨，注入 300 ml 热水，浸泡 4 分钟后轻轻压下滤网。'),
    ],
  },
  'p-mug': {
    version: 2,
    title: '陶瓷马克杯 350ml · 使用与保养',
    lines: [
      h('使用'),
      p('可用于微波炉，请勿空杯加热。'),
      p('避免骤冷骤热（例如向冰凉的杯中直接倒入沸水）。'),
      h('清洁'),
      p('可用洗碗机清洗；茶渍、咖啡渍可用小苏打擦除。'),
      h('容量'),
      p('满口容量 350 ml，日常倒至 300 ml 较为合适。'),
    ],
  },
}

const PRODUCT_ID = /^[A-Za-z0-9_-]{1,64}$/

/** The text a product's QR code holds; the app's scan-target parser opens the product for it. */
export function productCodeText(productId: string): string {
  return `uniwxkit://product/${encodeURIComponent(productId)}`
}

/** The lines of a manual's PDF (pure: golden-testable). */
export function manualLines(manual: Manual): PdfLine[] {
  return [
    { text: manual.title, size: 18, bold: true },
    { text: `产品说明 · 第 ${manual.version} 版`, size: 9, gray: 0.4, gapBefore: 4 },
    ...manual.lines,
  ]
}

/** The manual PDF of a product (pure). */
export function renderManual(manual: Manual): Uint8Array {
  return renderTextPdf({ title: manual.title, lines: manualLines(manual) })
}

/** Which files a product offers. */
export function productFiles(productId: string): { manual: boolean; code: boolean } {
  return { manual: Object.hasOwn(MANUALS, productId), code: true }
}

/** A product's manual; FILE_NOT_FOUND when it has none. */
export async function manualFor(deps: GeneratedFileDeps, productId: string): Promise<DownloadTarget> {
  const manual = Object.hasOwn(MANUALS, productId) ? MANUALS[productId] : undefined
  if (!manual) throw new CloudError('FILE_NOT_FOUND', 'this product has no manual')
  const file = await ensureGeneratedFile(deps, {
    key: `manual:${productId}:v${manual.version}`,
    kind: 'manual',
    cloudPath: `manuals/${productId}-v${manual.version}.pdf`,
    generate: () => renderManual(manual),
  })
  return { ...file, fileName: `manual-${productId}.pdf`, fileType: 'pdf' }
}

/** A product's QR code image (the caller has checked that the product exists). */
export async function productCodeFor(deps: GeneratedFileDeps, productId: string): Promise<DownloadTarget> {
  if (!PRODUCT_ID.test(productId)) throw new CloudError('PARAM_INVALID', 'invalid parameter: productId')
  const file = await ensureGeneratedFile(deps, {
    key: `product-code:${productId}`,
    kind: 'product-code',
    cloudPath: `product-codes/${productId}.png`,
    generate: () => qrCodePng(productCodeText(productId), { scale: 12 }),
  })
  return { ...file, fileName: `product-${productId}.png`, fileType: 'png' }
}
