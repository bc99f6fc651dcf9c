// The logged-in account, shared by every screen. The server is the only
// authority: this is a cache of POST /api/v1/session and GET /api/v1/me,
// used to draw the menu and redirect; every request is still authorized
// on the server.
import { computed, reactive } from 'vue'
import { get, post, del, setCsrfToken, onUnauthorized, onGate } from './api.js'

export const session = reactive({
  account: null,            // { username, role, unit: { code, name } , ... }
  mustChangePassword: false,
  mustEnrolTotp: false,     // the role needs a second factor not yet bound (/totp)
  checked: false,           // GET /api/v1/me has been asked once
  today: '',                // the server's date (YYYY-MM-DD): what deadlines and session days follow
  drill: false,             // that date is a drill date (peixun serve --today)
  skewMs: 0,                // the server's clock minus this browser's (days apart in a drill)
})

// Now in ms since the epoch on the server's clock: what times the server
// records (an assessment's start) are compared with.
export function serverNow() {
  return Date.now() + session.skewMs
}

// Today as the server counts it (a drill date on a drill server), else the
// date in China Standard Time by this browser's clock.
export function serverToday() {
  if (session.today) return session.today
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

// The account's own unit code as a computed ref (fallback when it has
// none: the operator); and the unit a screen shows: ?unit= in the address
// of route, else that home unit.
export function homeUnit(fallback = '360000') {
  return computed(() => (session.account && session.account.unit && session.account.unit.code) || fallback)
}
export function shownUnit(route, home) {
  return computed(() => (typeof route.query.unit === 'string' && route.query.unit) || home.value)
}

// The account object's unit may come as an object or as separate fields.
function normalise(acc) {
  if (!acc) return null
  const a = { ...acc }
  if (typeof a.unit === 'string') a.unit = { code: a.unit, name: a.unit_name || a.unit }
  if (!a.unit && (a.unit_code || a.org)) a.unit = { code: a.unit_code || a.org, name: a.unit_name || a.org_name || '' }
  if (a.unit && !a.unit.name) a.unit.name = a.unit.code
  return a
}

function apply(data) {
  const acc = data && (data.account || data)
  session.account = normalise(acc)
  if (data && typeof data.must_change_password === 'boolean') session.mustChangePassword = data.must_change_password
  else if (acc && typeof acc.must_change_password === 'boolean') session.mustChangePassword = acc.must_change_password
  if (data && typeof data.must_enrol_totp === 'boolean') session.mustEnrolTotp = data.must_enrol_totp
  else session.mustEnrolTotp = !!(acc && acc.must_enrol_totp)
  if (data && data.csrf_token) setCsrfToken(data.csrf_token)
  if (acc && typeof acc.today === 'string') session.today = acc.today
  session.drill = !!(acc && acc.drill)
  const t = acc && typeof acc.now === 'string' ? Date.parse(acc.now) : NaN
  if (!Number.isNaN(t)) session.skewMs = t - Date.now()
}

// Second factor: POST /api/v1/session/totp (a new secret) and …/confirm
// with a code from the authenticator (returns the one-time recovery codes).
export function totpBegin() {
  return post('/api/v1/session/totp')
}
export async function totpConfirm(code) {
  const data = await post('/api/v1/session/totp/confirm', { code })
  session.mustEnrolTotp = false
  if (session.account) session.account.must_enrol_totp = false
  return data
}

export async function checkSession() {
  if (session.checked) return session.account
  try {
    apply(await get('/api/v1/me', { quiet401: true }))
  } catch {
    session.account = null
  }
  session.checked = true
  return session.account
}

export async function login(username, password, totp) {
  const body = { username, password }
  if (totp) body.totp = totp
  const data = await post('/api/v1/session', body, { quiet401: true })
  apply(data)
  session.checked = true
  return data
}

export async function changePassword(oldPassword, newPassword) {
  const data = await post('/api/v1/session/password', { old: oldPassword, new: newPassword })
  if (data && data.csrf_token) setCsrfToken(data.csrf_token)
  session.mustChangePassword = false
  if (session.account) session.account.must_change_password = false
  return data
}

export function forget() {
  session.account = null
  session.mustChangePassword = false
  session.mustEnrolTotp = false
  session.checked = true
  setCsrfToken('')
}

export async function logout() {
  try {
    await del('/api/v1/session', { quiet401: true })
  } finally {
    forget()
  }
}

// A 401 on any later request: the session ended on the server.
onUnauthorized(() => forget())

// The server holds the account at a gate (password change, second factor).
onGate((code) => {
  if (code === 'AUTH_PASSWORD_CHANGE_REQUIRED') session.mustChangePassword = true
  else session.mustEnrolTotp = true
})
