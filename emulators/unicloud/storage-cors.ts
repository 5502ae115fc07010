/**
 * Cross-origin reads of cloud storage files, as the space's 跨域配置 (web
 * console → the space → 跨域配置) governs them in production since 2023-02-03
 * (docs/unicloud.md §1): a page whose origin is on the list may read a file
 * with XHR/fetch; any other page gets no Access-Control-Allow-Origin, so the
 * browser refuses the read (an <img> still shows). Entries are `host[:port]`;
 * the port is part of the entry (`www.x.com` does not cover `www.x.com:5001`)
 * and may be `*`; a leading `*.` covers subdomains. Storage does not allow
 * localhost by default: DCloud tells developers to add `127.0.0.1:*`, which is
 * what the local runtime lists by default.
 *
 * DCloud documents no other header for storage answers, so none is sent: no
 * Access-Control-Expose-Headers (a page reads only CORS-safelisted headers:
 * Content-Type, Content-Length, …) and no Content-Disposition.
 */

/** The 跨域配置 entries the local runtime allows by default (what DCloud has developers add for local work). */
export const LOCAL_STORAGE_CORS_DOMAINS: readonly string[] = ['127.0.0.1:*', 'localhost:*']

function hostMatches(pattern: string, hostname: string): boolean {
  if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1)) && hostname.length > pattern.length - 1
  return pattern === hostname
}

/** Whether a browser origin (`http://127.0.0.1:5180`) is on a 跨域配置 list. */
export function originAllowed(origin: string | undefined, domains: readonly string[]): boolean {
  if (!origin) return false
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false // 'null' (file://, sandboxed frames) and garbage
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  const hostname = url.hostname.toLowerCase()
  return domains.some((entry) => {
    const [host, port] = entry.toLowerCase().split(/:(?=[^:]*$)/)
    if (!hostMatches(host, hostname)) return false
    if (port === undefined) return url.port === ''
    return port === '*' || port === url.port
  })
}

/** The CORS headers of a storage answer to a request from `origin` (none when it is not allowed). */
export function storageCorsHeaders(origin: string | undefined, domains: readonly string[]): Record<string, string> {
  // Vary either way: a cache must not hand one origin's answer to another.
  if (!originAllowed(origin, domains)) return { vary: 'Origin' }
  return { 'access-control-allow-origin': origin as string, vary: 'Origin' }
}
