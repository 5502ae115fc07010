import { navBarMetrics, type CapsuleRect, type NavBarInput, type NavBarMetrics } from '../utils/nav-bar-metrics'

/** Read this device's window and capsule (the one place that branches on platform for it). */
export function readNavBarInput(): NavBarInput {
  const win = uni.getWindowInfo()
  // #ifdef MP-WEIXIN
  let capsule: CapsuleRect | null = null
  try {
    capsule = uni.getMenuButtonBoundingClientRect() as CapsuleRect
  } catch {
    capsule = null
  }
  let platform: string | undefined
  try {
    platform = uni.getDeviceInfo().platform
  } catch {
    platform = undefined
  }
  return { statusBarHeight: win.statusBarHeight, windowWidth: win.windowWidth, capsule, platform }
  // #endif
  // #ifndef MP-WEIXIN
  return { statusBarHeight: win.statusBarHeight || 0, windowWidth: win.windowWidth, capsule: undefined, platform: 'h5' }
  // #endif
}

/** The custom navigation bar's metrics on this device (read once: they do not change while a page lives). */
export function useNavBarMetrics(): NavBarMetrics {
  return navBarMetrics(readNavBarInput())
}
