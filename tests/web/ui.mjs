// Browser tests of the web UI against a real `peixun serve` on 127.0.0.1,
// driven by playwright-core in Debian's chromium (no browser download).
// Usage: node tests/web/ui.mjs PEIXUN_BINARY     (prints TAP)
// Env: PEIXUN_SCREENSHOTS=DIR   also write the desktop and phone screenshots
//      there (docs/screenshots/web-*.png); otherwise they go to a temp dir.
//      PEIXUN_CHROMIUM          the browser (default /usr/bin/chromium).
//
// Checks: no console error, no CSP violation and no request to any other
// host on any page; the login page's initial load (gzipped bytes); static
// serving rules; login with the forced password change (once the session
// API exists; before that, /api/v1/me is stubbed in the browser so the
// shell can be tested); the organisation tree expands level by level; the
// dashboard map renders and a click on a county opens it; no horizontal
// overflow at 1366x768 and 390x844.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '../..')
const require = createRequire(path.join(repo, 'web/package.json'))
const { chromium } = require('playwright-core')

const bin = path.resolve(process.argv[2] || 'build/peixun')
const work = mkdtempSync(path.join(process.env.TMPDIR || tmpdir(), 'peixun-web-'))
const shots = process.env.PEIXUN_SCREENSHOTS ? path.resolve(process.env.PEIXUN_SCREENSHOTS) : path.join(work, 'shots')
mkdirSync(shots, { recursive: true })

// ---- TAP ----
let n = 0
let failures = 0
function ok(cond, name, detail) {
  n++
  if (cond) console.log(`ok ${n} - ${name}`)
  else {
    failures++
    console.log(`not ok ${n} - ${name}`)
    if (detail) for (const l of String(detail).split('\n')) console.log(`#   ${l}`)
  }
  return cond
}
function skip(name, why) {
  n++
  console.log(`not ok ${n} - ${name} # SKIP ${why}`)
}
const note = (s) => console.log(`# ${s}`)

// Pages open in the running test, for a screenshot when it fails.
const openPages = new Set()
async function test(name, fn) {
  try {
    await fn()
  } catch (e) {
    ok(false, name, e && e.stack ? e.stack : e)
    let i = 0
    for (const pg of openPages) {
      const f = path.join(work, `failed-${name.replace(/\W+/g, '-')}-${i++}.png`)
      if (await pg.screenshot({ path: f }).then(() => true, () => false)) note(`screenshot: ${f}`)
    }
    process.env.PEIXUN_KEEP_WORK = '1'
  }
  openPages.clear()
}

// ---- the server ----
function peixun(args, input) {
  return execFileSync(bin, args, { cwd: repo, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] })
}

const db = path.join(work, 'p.db')
const ADMIN = 'admin'
let adminPassword
const help = peixun(['init', '--help'])
if (help.includes('--admin-password-file')) {
  adminPassword = 'Init-Passw0rd-Test-1'
  const f = path.join(work, 'admin.pw')
  writeFileSync(f, adminPassword + '\n', { mode: 0o600 })
  peixun(['init', '--db', db, '--admin', ADMIN, '--admin-password-file', f])
} else {
  const out = peixun(['init', '--db', db, '--admin', ADMIN])
  const m = out.match(/密\s*码[:：]\s*(\S+)/)
  adminPassword = m && m[1]
}
peixun(['demo', '--db', db, '--teachers', '2000', '--seed', '1'])

const server = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--quiet'], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] })
let serverLog = ''
server.stderr.on('data', (d) => { serverLog += d })
const port = await new Promise((resolve, reject) => {
  let buf = ''
  const t = setTimeout(() => reject(new Error('peixun serve did not start: ' + buf)), 10000)
  server.stderr.on('data', (d) => {
    buf += d
    const m = buf.match(/port=(\d+)/)
    if (m) {
      clearTimeout(t)
      resolve(Number(m[1]))
    }
  })
  server.on('exit', (code) => reject(new Error(`peixun serve exited (${code}): ${buf}`)))
})
process.on('exit', () => server.kill('SIGTERM'))
const base = `http://127.0.0.1:${port}`
const origin = new URL(base).origin

// ---- the browser ----
const browser = await chromium.launch({
  executablePath: process.env.PEIXUN_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  // Playwright starts the browser with a new, empty --user-data-dir of its own.
})

const VIEWPORTS = {
  desktop: { viewport: { width: 1366, height: 768 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
}

// A page that records console errors, CSP violations and foreign requests.
async function open(kind, { stubMe } = {}) {
  const context = await browser.newContext({ ...VIEWPORTS[kind], locale: 'zh-CN' })
  // Nothing may leave this machine: any request to another origin is
  // recorded (below) and aborted before it is sent.
  await context.route((url) => url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => route.abort())
  const page = await context.newPage()
  openPages.add(page)
  const log = { errors: [], csp: [], foreign: [], requests: [] }
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()) })
  page.on('pageerror', (e) => log.errors.push(String(e)))
  page.on('request', (r) => {
    const u = r.url()
    log.requests.push(u)
    if (!u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) log.foreign.push(u)
  })
  await page.addInitScript(() => {
    window.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)
    })
  })
  if (stubMe) {
    await page.route('**/api/v1/me', (route) => route.fulfill({
      status: 200, contentType: 'application/json', body: JSON.stringify(stubMe),
    }))
  }
  return { context, page, log }
}

async function clean(name, p) {
  const csp = await p.page.evaluate(() => window.__csp || []).catch(() => [])
  p.log.csp.push(...csp)
  const problems = [
    ...p.log.errors.map((e) => 'console: ' + e),
    ...p.log.csp.map((e) => 'CSP: ' + e),
    ...p.log.foreign.map((e) => 'other host: ' + e),
  ]
  ok(problems.length === 0, `${name}: no console error, CSP violation or request to another host`, problems.join('\n'))
}

async function noOverflow(name, page) {
  const w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
  ok(w[0] <= w[1], `${name}: nothing overflows horizontally`, `scrollWidth ${w[0]} > innerWidth ${w[1]}`)
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `web-${name}.png`) })
}

// ---- static serving (the HTTP side of src/http/static.c) ----
await test('static serving', async () => {
  const idx = await fetch(`${base}/orgs/360100`, { headers: { 'Accept-Encoding': 'identity' } })
  const html = await idx.text()
  ok(idx.status === 200 && html.includes('<div id="app"></div>'), 'SPA fallback: /orgs/360100 serves index.html')
  ok((idx.headers.get('cache-control') || '').includes('no-cache'), 'index.html is revalidated (no-cache)')
  const csp = idx.headers.get('content-security-policy') || ''
  ok(csp.includes("default-src 'self'") && !csp.includes('unsafe-inline'), 'index.html carries the CSP without unsafe-inline', csp)
  ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html) && !/<style/.test(html) && !/\sstyle=/.test(html), 'index.html has no inline script or style')
  const js = html.match(/\/assets\/[^"]+\.js/)[0]
  const a = await fetch(base + js, { headers: { 'Accept-Encoding': 'gzip' } })
  await a.arrayBuffer()
  ok((a.headers.get('cache-control') || '').includes('immutable'), 'hashed assets are immutable', a.headers.get('cache-control'))
  ok((a.headers.get('content-type') || '').startsWith('text/javascript'), 'scripts are text/javascript')
  const etag = a.headers.get('etag')
  const b = await fetch(base + js, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag } })
  ok(b.status === 304, 'If-None-Match with the ETag answers 304', `status ${b.status}`)
  const missing = await fetch(`${base}/assets/no-such-file.js`)
  ok(missing.status === 404, 'a missing /assets/ file is 404, not index.html', `status ${missing.status}`)
  const api = await fetch(`${base}/api/v1/no-such-route`)
  ok(api.status === 404 && (api.headers.get('content-type') || '').includes('json'), 'unknown /api/ paths stay JSON 404s')
})

// ---- login page ----
const sessionApi = await fetch(`${base}/api/v1/session`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
}).then(async (r) => !(r.status === 404 && (await r.text()).includes('HTTP_NOT_FOUND')))

await test('login page', async () => {
  const p = await open('desktop')
  await p.page.goto(`${base}/login`)
  await p.page.waitForSelector('[data-test=login-submit]')
  const text = await p.page.textContent('body')
  ok(text.includes('账号登录') && text.includes('用户名') && text.includes('密码'), 'login page shows the Chinese form')
  // Initial load: every response the page needed, as sent gzipped.
  await p.page.waitForLoadState('networkidle')
  let total = 0
  const seen = new Set()
  const missingLength = []
  for (const u of p.log.requests) {
    if (seen.has(u) || !u.startsWith(origin)) continue
    seen.add(u)
    // fetch() inflates the body: count the bytes on the wire (Content-Length).
    const r = await fetch(u, { headers: { 'Accept-Encoding': 'gzip' } })
    await r.arrayBuffer()
    const len = Number(r.headers.get('content-length'))
    if (!(len > 0)) missingLength.push(u)
    total += len
  }
  ok(missingLength.length === 0, 'every file of the login page is sent with its length', missingLength.join('\n'))
  note(`login page initial load: ${(total / 1024).toFixed(1)} KB gzipped in ${seen.size} requests`)
  ok(total > 0 && total <= 400 * 1024, 'login page initial load is at most 400 KB gzipped', `${total} bytes`)
  await shot(p.page, 'login-desktop')
  await noOverflow('login desktop', p.page)
  await clean('login page', p)
  // The check above can fail: an inline <style> is refused under the CSP.
  await p.page.evaluate(() => {
    const st = document.createElement('style')
    st.textContent = 'body { outline: 1px solid red; }'
    document.head.appendChild(st)
  })
  await p.page.waitForTimeout(100)
  const violations = await p.page.evaluate(() => window.__csp.length)
  ok(violations > 0, 'the CSP check sees a violation when an inline <style> is injected', `${violations} violations seen`)
  await p.context.close()

  const q = await open('phone')
  await q.page.goto(`${base}/login`)
  await q.page.waitForSelector('[data-test=login-submit]')
  await shot(q.page, 'login-phone')
  await noOverflow('login phone', q.page)
  await clean('login page (phone)', q)
  await q.context.close()
})

// ---- login and the forced password change ----
const NEW_PASSWORD = 'Web-Test-Passw0rd-2026'
if (!sessionApi) {
  skip('login with the forced password change', 'POST /api/v1/session is not in this build yet')
} else if (!adminPassword) {
  ok(false, 'login with the forced password change', 'could not read the initial admin password from peixun init')
} else {
  await test('login', async () => {
    const p = await open('desktop')
    await p.page.goto(`${base}/login`)
    await p.page.fill('input[name=username]', ADMIN)
    await p.page.fill('input[name=password]', 'wrong-password-123')
    await p.page.click('[data-test=login-submit]')
    await p.page.waitForSelector('[data-test=login-error]')
    ok(/[\u4e00-\u9fff]/.test(await p.page.textContent('[data-test=login-error]')), 'a wrong password shows the server\'s Chinese message')

    await p.page.fill('input[name=password]', adminPassword)
    await p.page.click('[data-test=login-submit]')
    await p.page.waitForURL('**/password')
    ok(true, 'first login leads to the forced password change')
    await p.page.fill('input[name=old]', adminPassword)
    await p.page.fill('input[name=new]', NEW_PASSWORD)
    await p.page.fill('input[name=new2]', NEW_PASSWORD)
    await p.page.click('[data-test=password-submit]')
    await p.page.waitForURL('**/dashboard')
    const acc = await p.page.textContent('[data-test=shell-account]')
    ok(acc.includes(ADMIN), 'after the change the shell shows the account', acc)
    await p.page.click('[data-test=shell-account]')
    await p.page.click('[data-test=logout]')
    await p.page.waitForURL('**/login')
    // Logged out, a deep link leads to the login page and back after it.
    await p.page.goto(`${base}/orgs/360100`)
    await p.page.waitForURL(/\/login\?next=(%2F|\/)orgs(%2F|\/)360100$/)
    ok(true, 'after logout a deep link asks for login first')
    await p.page.fill('input[name=username]', ADMIN)
    await p.page.fill('input[name=password]', NEW_PASSWORD)
    await p.page.click('[data-test=login-submit]')
    await p.page.waitForURL('**/orgs/360100')
    await p.page.waitForSelector('[data-code="360121"]')
    ok(true, 'log in with the new password, back to the deep link')
    await p.page.reload()
    await p.page.waitForSelector('[data-code="360121"]')
    ok(p.page.url().endsWith('/orgs/360100'), 'a reload of a deep link keeps the page and the session')
    // Chromium logs every 401 answer as a console error: here they are the
    // expected answers to the wrong password and to /api/v1/me while signed out.
    p.log.errors = p.log.errors.filter((e) => !/status of 401 \(Unauthorized\)/.test(e))
    await clean('login flow', p)
    await p.context.close()
  })
}

// The shell's pages: with the real session when it exists, else with
// GET /api/v1/me stubbed in the browser (the org API is public so far).
const STUB = { account: { username: ADMIN, role: 'province-admin', org: '360000', unit_name: '江西省' }, must_change_password: false }
async function openShell(kind) {
  const p = await open(kind, sessionApi ? {} : { stubMe: STUB })
  if (sessionApi) {
    await p.page.goto(`${base}/login`)
    await p.page.fill('input[name=username]', ADMIN)
    await p.page.fill('input[name=password]', NEW_PASSWORD)
    await p.page.click('[data-test=login-submit]')
    await p.page.waitForURL('**/dashboard')
  }
  return p
}
if (!sessionApi) note('the shell is tested with GET /api/v1/me stubbed in the browser (no session API yet)')

// Expand the tree node of unit code and wait for childText among its
// children. A click that lands while the tree is still animating can be
// lost, so a node that did not open is clicked again (at most 3 times).
async function expand(page, code, childText) {
  const node = page.locator(`.el-tree-node:has(> .el-tree-node__content [data-code="${code}"])`).first()
  const child = node.locator('.el-tree-node__children').getByText(childText, { exact: false }).first()
  for (let i = 0; ; i++) {
    if (!(await node.evaluate((el) => el.classList.contains('is-expanded'))))
      await node.locator('> .el-tree-node__content .el-tree-node__expand-icon').click()
    try {
      await child.waitFor({ timeout: 5000 })
      return
    } catch (e) {
      if (i === 2) throw e
    }
  }
}

await test('organisation tree', async () => {
  const p = await openShell('desktop')
  await p.page.goto(`${base}/orgs`)
  await p.page.waitForSelector('[data-code="360100"]')
  ok((await p.page.textContent('[data-test=shell-unit]')).includes('江西省'), 'the header shows the account\'s unit')
  await expand(p.page, '360400', '共青城市')
  const jq = await p.page.textContent('[data-code="360482"]')
  ok(jq.includes('省直管'), 'a province-administered county is tagged 省直管', jq)
  await expand(p.page, '360100', '南昌县')
  await expand(p.page, '360121', '学校')
  const point = p.page.locator('[data-code="360121201002"]')
  const pt = await point.textContent()
  ok(pt.includes('教学点') && pt.includes('覆盖'), 'a teaching point shows its type and covering school', pt)
  await point.click()
  // the panel updates after the click's round trip: wait for it, then judge
  await p.page.locator('[data-test=org-detail]', { hasText: '360121201002' })
    .waitFor({ timeout: 5000 }).catch(() => {})
  const detail = await p.page.textContent('[data-test=org-detail]')
  ok(detail.includes('360121201002') && detail.includes('覆盖学校'), 'clicking a unit shows its details', detail)
  await p.page.click('[data-code="360100"]')
  await p.page.click('text=以此为根')
  await p.page.waitForURL('**/orgs/360100')
  await p.page.waitForSelector('.el-breadcrumb')
  ok((await p.page.textContent('.el-breadcrumb')).includes('江西省'), 're-rooting on a city shows the path up to the province')
  // The screenshot: a county's schools with a teaching point selected.
  await p.page.goto(`${base}/orgs/360121`)
  await p.page.click('[data-code="360121201002"]')
  await p.page.waitForSelector('[data-test=org-detail]')
  await p.page.evaluate(() => { document.querySelector('.shell-main').scrollTop = 0 })
  await shot(p.page, 'orgs-desktop')
  await noOverflow('org tree desktop', p.page)
  await clean('organisation tree', p)
  await p.context.close()

  const q = await openShell('phone')
  await q.page.goto(`${base}/orgs/360100`)
  await q.page.waitForSelector('[data-code="360121"]')
  await expand(q.page, '360121', '学校')
  await shot(q.page, 'orgs-phone')
  await noOverflow('org tree phone', q.page)
  await q.page.click('[data-code="360121201002"]')
  await q.page.locator('.el-drawer [data-test=org-detail]').waitFor()
  ok((await q.page.textContent('.el-drawer [data-test=org-detail]')).includes('教学点'), 'on a phone a unit\'s details open in a bottom sheet')
  await q.page.waitForTimeout(400)
  await shot(q.page, 'orgs-detail-phone')
  await q.page.keyboard.press('Escape')
  await q.page.locator('.el-drawer.btt').waitFor({ state: 'hidden' })
  await q.page.click('.menu-button')
  await q.page.waitForSelector('.el-drawer.ltr .el-menu-item')
  const menu = await q.page.textContent('.el-drawer.ltr')
  ok(menu.includes('工作台') && menu.includes('组织机构'), 'on a phone the menu opens as a drawer', menu)
  await shot(q.page, 'menu-phone')
  await clean('organisation tree (phone)', q)
  await q.context.close()
})

await test('dashboard map', async () => {
  for (const kind of ['desktop', 'phone']) {
    const p = await openShell(kind)
    await p.page.goto(`${base}/dashboard`)
    await p.page.waitForSelector('[data-test=dashboard-map][data-rendered="1"]', { timeout: 15000 })
    const box = await p.page.locator('[data-test=dashboard-map] canvas').first().boundingBox()
    ok(box && box.width > 300 && box.height > 300, `${kind}: the map is drawn on a canvas`, JSON.stringify(box))
    // The canvas is not blank: count distinct colours in it.
    const colours = await p.page.evaluate(() => {
      const c = document.querySelector('[data-test=dashboard-map] canvas')
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
      const s = new Set()
      for (let i = 0; i < d.length; i += 4 * 97) s.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2])
      return s.size
    })
    ok(colours > 3, `${kind}: the map canvas is not blank`, `${colours} colours`)
    ok((await p.page.textContent('.map-card')).includes('示意图'), `${kind}: the map is labelled 示意图`)
    await shot(p.page, `dashboard-${kind}`)
    await noOverflow(`dashboard ${kind}`, p.page)
    if (kind === 'desktop') {
      // Hovering shows ECharts' tooltip (styled at run time: must pass the CSP).
      await p.page.locator('[data-test=dashboard-map] canvas').first().hover({ position: { x: box.width / 2, y: box.height / 2 } })
      await p.page.getByText('进度数据待接入').first().waitFor()
      ok(true, 'hovering a county shows its tooltip')
      // The middle of the province is a county: clicking it opens the county.
      await p.page.locator('[data-test=dashboard-map] canvas').first().click({ position: { x: box.width / 2, y: box.height / 2 } })
      await p.page.waitForURL(/\/orgs\/36\d{4}$/)
      await p.page.waitForSelector('[data-test=org-detail]')
      ok(/县|市|区/.test(await p.page.textContent('[data-test=org-detail]')), 'clicking a county on the map opens it in the organisation tree')
    }
    await clean(`dashboard (${kind})`, p)
    await p.context.close()
  }
})

await browser.close()
server.kill('SIGTERM')
const exit = await new Promise((r) => server.on('exit', (code, signal) => r({ code, signal })))
ok(exit.code === 0 && !/Sanitizer|runtime error/.test(serverLog),
  'the server stops cleanly, with no sanitizer report', `exit ${JSON.stringify(exit)}\n${serverLog.slice(-4000)}`)
if (!process.env.PEIXUN_SCREENSHOTS && !process.env.PEIXUN_KEEP_WORK) rmSync(work, { recursive: true, force: true })
console.log(`1..${n}`)
process.exit(failures ? 1 : 0)
