const pad = (n: number) => String(n).padStart(2, '0')

/** `2026-12-02 05:44`: a moment (ms since the epoch) in the device's time zone, as order cards show it. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}
