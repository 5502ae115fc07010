/**
 * The height arithmetic of a custom navigation bar (pages with
 * `navigationStyle: "custom"`), kept pure so it can be tested across device
 * shapes. In the mini program the bar must line up with WeChat's capsule
 * button: the gap between the status bar and the capsule is repeated below
 * the capsule, so
 *
 *   bar height = capsule height + 2 × (capsule top − status bar height)
 *   total      = status bar height + bar height
 *
 * and the title keeps clear of the capsule on the right (mirrored on the
 * left so it stays centred).
 */

/** `getMenuButtonBoundingClientRect()`: the capsule, in px from the window's top-left. */
export interface CapsuleRect {
  top: number
  bottom: number
  left: number
  right: number
  width: number
  height: number
}

export interface NavBarInput {
  /** px, from the window info (0 in a browser). */
  statusBarHeight: number
  windowWidth: number
  /**
   * The capsule. `undefined`: this platform has none (H5). `null`: it should
   * have one but the rect could not be read (the call threw, or answered
   * zeros, as some Android versions do right after launch).
   */
  capsule?: CapsuleRect | null
  /** 'ios' | 'android' | 'devtools' | 'windows' | 'mac' | 'h5' … */
  platform?: string
}

export interface NavBarMetrics {
  /** Space above the bar (the status bar). */
  statusBarHeight: number
  /** The bar itself, below the status bar. */
  barHeight: number
  /** What the spacer under a fixed bar must be. */
  totalHeight: number
  /** Keep this much clear at each side for the capsule (0 without one). */
  sideInset: number
  /** Whether the numbers came from a real capsule rect. */
  measured: boolean
}

/** Bar heights WeChat itself uses when nothing can be measured. */
export const DEFAULT_BAR_HEIGHT = { ios: 44, android: 48 } as const
/** The capsule's usual width (87) plus its right margin (7). */
const DEFAULT_CAPSULE_SPACE = 94
/** Wider gaps than this mean a nonsense rect (seen on PC and in landscape). */
const MAX_GAP = 24

const round = (n: number) => Math.round(n * 100) / 100

function usable(rect: CapsuleRect | null | undefined, input: NavBarInput): rect is CapsuleRect {
  if (!rect) return false
  const gap = rect.top - input.statusBarHeight
  return rect.height > 0 && rect.width > 0 && rect.right > 0 && gap >= 0 && gap <= MAX_GAP && rect.left < input.windowWidth
}

/** The bar's metrics for one device. */
export function navBarMetrics(input: NavBarInput): NavBarMetrics {
  const statusBarHeight = Math.max(0, input.statusBarHeight || 0)
  if (usable(input.capsule, { ...input, statusBarHeight })) {
    const { top, height, left } = input.capsule
    const gap = top - statusBarHeight
    const barHeight = round(height + gap * 2)
    return {
      statusBarHeight,
      barHeight,
      totalHeight: round(statusBarHeight + barHeight),
      sideInset: round(Math.max(0, input.windowWidth - left)),
      measured: true,
    }
  }
  const barHeight = input.platform === 'android' ? DEFAULT_BAR_HEIGHT.android : DEFAULT_BAR_HEIGHT.ios
  return {
    statusBarHeight,
    barHeight,
    totalHeight: round(statusBarHeight + barHeight),
    // No capsule at all (H5): nothing to avoid. A capsule we could not measure: assume the usual one.
    sideInset: input.capsule === undefined ? 0 : DEFAULT_CAPSULE_SPACE,
    measured: false,
  }
}
