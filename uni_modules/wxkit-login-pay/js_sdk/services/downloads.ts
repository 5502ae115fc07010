import type { DownloadsApi } from '../cloud-api'
import { cloudObject } from './cloud'

/** The downloads cloud object, typed from its source. */
export const downloadsService = cloudObject<DownloadsApi>('downloads')

/** The files the app offers. */
export type DownloadKind = 'receipt' | 'manual' | 'product-code'

/**
 * Where to fetch a file from (a temporary cloud storage URL), and what it is.
 * Name the saved file `fileName`: storage answers carry no Content-Disposition.
 * On H5 fetch `url` with platform/browser-download.ts, not uni.downloadFile
 * (which reads that header and makes Chromium log a refusal on every download).
 */
export interface DownloadSource {
  url: string
  fileName: string
  fileType: string
}

/** Ask the server for a fresh temporary URL of one file (`id`: the order or product id). */
export async function downloadSource(kind: DownloadKind, id: string): Promise<DownloadSource> {
  const answer =
    kind === 'receipt'
      ? await downloadsService.receiptUrl({ orderId: id })
      : kind === 'manual'
        ? await downloadsService.manualUrl({ productId: id })
        : await downloadsService.productCodeUrl({ productId: id })
  return { url: answer.url, fileName: answer.fileName, fileType: answer.fileType }
}
