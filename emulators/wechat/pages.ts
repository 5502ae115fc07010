/**
 * The emulator's HTML: the pages a phone or WeChat would show (OAuth consent,
 * QR-login confirmation, cashier). Plain forms, no scripts, so they work in
 * any browser and in plain HTTP tests.
 */

/** A page-level failure: WeChat shows an error page rather than redirecting. */
export class PageError extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(message)
    this.name = 'PageError'
  }
}

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#ededed;margin:0;padding:24px;color:#191919}
main{max-width:420px;margin:0 auto;background:#fff;border-radius:8px;padding:24px}
h1{font-size:18px;margin:0 0 16px}
.note{color:#888;font-size:12px;margin-top:16px}
.amount{font-size:32px;font-weight:600;margin:12px 0}
label{display:block;font-size:14px;margin:12px 0 4px}
input[type=text]{width:100%;box-sizing:border-box;padding:8px;border:1px solid #ddd;border-radius:4px}
button{display:block;width:100%;padding:12px;margin-top:12px;border:0;border-radius:4px;font-size:16px}
button.primary{background:#07c160;color:#fff}
button.secondary{background:#f2f2f2;color:#07c160}
.qr{width:160px;height:160px;margin:8px auto;display:block}
</style>
</head>
<body><main>${body}
<p class="note">WeChat emulator: a local stand-in for testing, not WeChat.</p></main></body>
</html>
`
}

function hidden(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n')
}

function userField(user: string): string {
  return `<label for="user">模拟用户 (simulated user)</label>
<input type="text" id="user" name="user" value="${escapeHtml(user)}">`
}

/** snsapi_userinfo consent: 允许 / 拒绝. */
export function consentPage(args: { appName: string; action: string; fields: Record<string, string>; user: string }): string {
  return layout(
    '微信授权',
    `<h1>${escapeHtml(args.appName)} 申请获得以下权限</h1>
<p>获得你的公开信息（昵称、头像等）</p>
<form method="post" action="${escapeHtml(args.action)}">
${hidden(args.fields)}
${userField(args.user)}
<button class="primary" type="submit" name="decision" value="allow">允许</button>
<button class="secondary" type="submit" name="decision" value="deny">拒绝</button>
</form>`,
  )
}

/** Website QR login: the page stands in for scanning and confirming on the phone. */
export function qrConnectPage(args: { appName: string; action: string; fields: Record<string, string>; user: string }): string {
  return layout(
    '微信登录',
    `<h1>微信登录 · ${escapeHtml(args.appName)}</h1>
<svg class="qr" viewBox="0 0 21 21" role="img" aria-label="QR placeholder"><rect width="21" height="21" fill="#fff"/><path d="M0 0h7v7H0zM14 0h7v7h-7zM0 14h7v7H0zM9 9h3v3H9zM15 15h2v2h-2z" fill="#000"/></svg>
<p>请使用微信扫描二维码登录。在模拟器中，下面的按钮代替"在手机上扫码并确认登录"。</p>
<form method="post" action="${escapeHtml(args.action)}">
${hidden(args.fields)}
${userField(args.user)}
<button class="primary" type="submit" name="decision" value="allow">确认登录</button>
<button class="secondary" type="submit" name="decision" value="deny">取消</button>
</form>`,
  )
}

/** The cashier for h5_url and for the "scanned" Native code_url. */
export function cashierPage(args: {
  merchantName: string
  description: string
  total: number
  action: string
  fields: Record<string, string>
  user: string
}): string {
  return layout(
    '微信支付',
    `<h1>${escapeHtml(args.merchantName)}</h1>
<p>${escapeHtml(args.description)}</p>
<p class="amount">¥${(args.total / 100).toFixed(2)}</p>
<form method="post" action="${escapeHtml(args.action)}">
${hidden(args.fields)}
${userField(args.user)}
<button class="primary" type="submit" name="decision" value="pay">确认支付</button>
<button class="secondary" type="submit" name="decision" value="cancel">取消</button>
</form>`,
  )
}

/** A plain outcome page (支付成功, 已拒绝授权, …). */
export function resultPage(title: string, message: string, back?: { href: string; text: string }): string {
  const link = back ? `\n<p><a id="back" href="${escapeHtml(back.href)}">${escapeHtml(back.text)}</a></p>` : ''
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${link}`)
}

/** WeChat's error page for a refused authorize / qrconnect / cashier request. */
export function errorPage(error: PageError): string {
  return layout(
    '出错了',
    `<h1>Oops! Something went wrong:(</h1>
<p id="errcode" data-errcode="${error.errcode}">${error.errcode}</p>
<p id="errmsg">${escapeHtml(error.message)}</p>`,
  )
}

/** A generated avatar for a simulated user. */
export function avatarSvg(user: string): string {
  const hue = [...user].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 360
  const letter = escapeHtml((user[0] ?? '?').toUpperCase())
  return `<svg xmlns="http://www.w3.org/2000/svg" width="132" height="132" viewBox="0 0 132 132"><rect width="132" height="132" fill="hsl(${hue},55%,55%)"/><text x="66" y="84" font-size="56" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`
}

/** A wide page for developer tools (index, log), not a phone screen. */
function toolLayout(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${head}<title>${escapeHtml(title)}</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:24px;color:#191919;background:#fafafa}
main{max-width:1200px;margin:0 auto}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border:1px solid #e5e5e5;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f2f2f2}
td.path{font-family:ui-monospace,Menlo,monospace;word-break:break-all}
.method{font-family:ui-monospace,Menlo,monospace;font-weight:600}
.bad{color:#c62828}.ok{color:#2e7d32}
.note{color:#888;font-size:12px}
table.log td:nth-child(2){white-space:nowrap}
</style>
</head>
<body><main>${body}
<p class="note">WeChat emulator: a local stand-in for testing, not WeChat.</p></main></body>
</html>
`
}

/** One operation as the index lists it. */
export interface IndexEntry {
  method: string
  path: string
  /** A link for GET pages and controls that need no path parameter. */
  href?: string
  description: string
}

/** The emulator's root page: every page, control and production endpoint, grouped. */
export function indexPage(args: { sections: { title: string; entries: IndexEntry[] }[]; mode: string }): string {
  const table = (entries: IndexEntry[]) => `<table>
<tr><th>method</th><th>path</th><th>what it does</th></tr>
${entries
  .map(
    (e) =>
      `<tr><td class="method">${escapeHtml(e.method)}</td><td class="path">${
        e.href ? `<a href="${escapeHtml(e.href)}">${escapeHtml(e.path)}</a>` : escapeHtml(e.path)
      }</td><td>${escapeHtml(e.description)}</td></tr>`,
  )
  .join('\n')}
</table>`
  return toolLayout(
    'WeChat emulator',
    `<h1>WeChat emulator</h1>
<p>${escapeHtml(args.mode)} · <a href="/__emulator/log">call log (HTML)</a> · <a href="/__emulator/v1/log">call log (JSON)</a> · <a href="/__emulator/v1">index (JSON)</a></p>
${args.sections.map((s) => `<h2>${escapeHtml(s.title)}</h2>\n${table(s.entries)}`).join('\n')}`,
  )
}

/** One row of the HTML log. */
export interface LogRow {
  seq: number
  at: string
  kind: string
  host: string
  method: string
  path: string
  status: string
  outcome: string
  bad: boolean
}

/** The call and notify log as a table, newest first (`refreshSeconds` reloads it). */
export function logPage(rows: LogRow[], refreshSeconds?: number): string {
  const head = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">\n` : ''
  return toolLayout(
    'WeChat emulator log',
    `<h1>Call and notify log</h1>
<p><a href="/">index</a> · <a href="/__emulator/v1/log">JSON</a> · ${
      refreshSeconds ? '<a href="/__emulator/log">stop refreshing</a>' : '<a href="/__emulator/log?refresh=3">refresh every 3 s</a>'
    } · ${rows.length} entries; secret query values show as ***</p>
<table class="log">
<tr><th>#</th><th>time (Beijing)</th><th>kind</th><th>host</th><th>method</th><th>path</th><th>status</th><th>outcome</th></tr>
${rows
  .map(
    (r) =>
      `<tr><td>${r.seq}</td><td>${escapeHtml(r.at)}</td><td>${escapeHtml(r.kind)}</td><td>${escapeHtml(r.host)}</td><td class="method">${escapeHtml(
        r.method,
      )}</td><td class="path">${escapeHtml(r.path)}</td><td class="${r.bad ? 'bad' : 'ok'}">${escapeHtml(r.status)}</td><td>${escapeHtml(r.outcome)}</td></tr>`,
  )
  .join('\n')}
</table>`,
    head,
  )
}
