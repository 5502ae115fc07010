/** A name safe to log for a thrown value: its name and code, never its message. */
export function errorLabel(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error
  const { name, code } = error as { name?: unknown; code?: unknown }
  const label = typeof name === 'string' ? name : 'Error'
  return typeof code === 'string' || typeof code === 'number' ? `${label}(${code})` : label
}
