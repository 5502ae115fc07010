import { CloudError } from '../shared/errors'
import { ensureGeneratedFile, type GeneratedFileDeps } from './generated-files'
import { qrCodePng } from '../formats/png-writer'
import { renderTextPdf, type PdfLine } from '../formats/pdf-writer'
import type { DownloadTarget } from './receipts'

/**
 * Product files: manuals (PDF) for the products that have one, and a QR code
 * (PNG) for every product, which the app's 扫一扫 opens.
 *
 * Manuals are written here as text and rendered to PDF on the first request,
 * then kept in cloud storage (see generated-files.ts). No binary is committed:
 * the text is reviewable in a diff, the PDF bytes are deterministic, and a
 * changed manual takes effect by bumping its `version` (a new storage key).
 * Text is ASCII (the standard PDF fonts have no Chinese glyphs).
 */

interface Manual {
  version: number
  title: string
  lines: PdfLine[]
}

const p = (text: string, extra: Partial<PdfLine> = {}): PdfLine => ({ text, ...extra })
const h = (text: string): PdfLine => ({ text, bold: true, size: 13, gapBefore: 12 })

/** The manuals on offer, by product id. */
export const MANUALS: Readonly<Record<string, Manual>> = {
  'p-coffee-beans': {
    version: 1,
    title: 'Yunnan coffee beans 250 g - brewing guide',
    lines: [
      h('Storage'),
      p('Keep the bag closed, cool and dark. Best within 4 weeks of roasting.'),
      h('Pour-over (1 cup)'),
      p('1. Grind 15 g of beans medium-fine.'),
      p('2. Rinse the paper filter with hot water; discard the water.'),
      p('3. Bloom with 30 ml of water at 92 C for 30 seconds.'),
      p('4. Pour slowly to 240 ml in total; aim for 2:30 to 3:00 minutes.'),
      h('French press'),
      p('18 g coarse grind, 300 ml water, steep 4 minutes, press gently.'),
    ],
  },
  'p-mug': {
    version: 1,
    title: 'Ceramic mug 350 ml - care instructions',
    lines: [
      h('Use'),
      p('Microwave safe. Do not heat empty.'),
      p('Avoid sudden temperature changes (boiling water into a cold mug).'),
      h('Cleaning'),
      p('Dishwasher safe. Remove tea and coffee stains with baking soda.'),
      h('Capacity'),
      p('350 ml to the brim; 300 ml is a comfortable fill.'),
    ],
  },
}

const PRODUCT_ID = /^[A-Za-z0-9_-]{1,64}$/

/** The text a product's QR code holds; the app's scan-target parser opens the product for it. */
export function productCodeText(productId: string): string {
  return `uniwxkit://product/${encodeURIComponent(productId)}`
}

/** The manual PDF of a product (pure). */
export function renderManual(productId: string, manual: Manual): Uint8Array {
  return renderTextPdf({
    title: manual.title,
    lines: [
      { text: 'uni-wx-kit', size: 12, bold: true },
      { text: manual.title, size: 18, bold: true, gapBefore: 6 },
      { text: `Product ${productId} - manual version ${manual.version}`, size: 9, gapBefore: 4 },
      ...manual.lines,
    ],
  })
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
    generate: () => renderManual(productId, manual),
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
