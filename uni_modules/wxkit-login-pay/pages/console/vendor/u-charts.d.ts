/**
 * The part of uCharts (npm `@qiun/ucharts` 2.5.0-20230101, Apache-2.0, copied
 * here by scripts/vendor-ucharts.ts) that the console's chart uses. uCharts
 * draws on the 2D context it is given (`opts.context`), sized in physical
 * pixels (`width`, `height`, `pixelRatio`).
 */
export interface UChartsOptions {
  type: 'column' | 'line' | 'area' | 'mix'
  context: unknown
  width: number
  height: number
  pixelRatio?: number
  canvas2d?: boolean
  animation?: boolean
  background?: string
  fontSize?: number
  color?: string[]
  padding?: number[]
  categories: string[]
  series: Array<{ name: string; data: number[]; type?: string; index?: number; color?: string; format?: unknown }>
  xAxis?: Record<string, unknown>
  yAxis?: Record<string, unknown>
  legend?: Record<string, unknown>
  extra?: Record<string, unknown>
  dataLabel?: boolean
  dataPointShape?: boolean
}

/** A chart drawn at construction. */
export default class UCharts {
  constructor(options: UChartsOptions)
  /** Draw again with some options changed. */
  updateData(data: Partial<UChartsOptions>): void
  /** `renderComplete` once drawn. */
  addEventListener(type: 'renderComplete', listener: () => void): void
  stopAnimation(): void
}
