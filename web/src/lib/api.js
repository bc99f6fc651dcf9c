// The JSON API client: every request of the UI goes through api().
// Same origin only; errors come back as ApiError carrying the server's stable
// code and Chinese message ({"error":{"code","message","details"}}).
// State-changing requests carry the session's CSRF token (X-CSRF-Token).
// It is kept in localStorage so a reload or a second tab keeps working (it is
// worthless without the HttpOnly session cookie, and cleared on logout);
// GET /api/v1/me does not return it.

const CSRF_KEY = 'peixun.csrf'
let csrf = localStorage.getItem(CSRF_KEY) || ''

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }
}

export function setCsrfToken(token) {
  csrf = token || ''
  if (csrf) localStorage.setItem(CSRF_KEY, csrf)
  else localStorage.removeItem(CSRF_KEY)
}

// Handlers for a 401 on a request made while logged in (the session expired).
const unauthorizedHandlers = []
export function onUnauthorized(fn) {
  unauthorizedHandlers.push(fn)
}

// Handlers for a 403 that asks the account to change its password or to
// bind its second factor first (AUTH_PASSWORD_CHANGE_REQUIRED,
// AUTH_TOTP_ENROLMENT_REQUIRED): the UI sends it to the page that does it.
const GATES = ['AUTH_PASSWORD_CHANGE_REQUIRED', 'AUTH_TOTP_ENROLMENT_REQUIRED']
const gateHandlers = []
export function onGate(fn) {
  gateHandlers.push(fn)
}
function gate(err) {
  if (err.status === 403 && GATES.includes(err.code)) gateHandlers.forEach((fn) => fn(err.code))
}

export async function api(method, path, body, { quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf
  let res
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    })
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络连接后重试')
  }
  let data = null
  const text = await res.text()
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!res.ok) {
    const e = (data && data.error) || {}
    const err = new ApiError(res.status, e.code || `HTTP_${res.status}`,
      e.message || `服务器返回错误（${res.status}），请稍后重试`, e.details)
    if (res.status === 401 && !quiet401) unauthorizedHandlers.forEach((fn) => fn(err))
    gate(err)
    throw err
  }
  return data
}

// A query string from an object, leaving out empty values.
export function qs(params) {
  const u = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') u.set(k, String(v))
  const s = u.toString()
  return s ? `?${s}` : ''
}

async function failure(res) {
  let e = {}
  try {
    e = (JSON.parse(await res.text()) || {}).error || {}
  } catch {
    e = {}
  }
  const err = new ApiError(res.status, e.code || `HTTP_${res.status}`,
    e.message || `服务器返回错误（${res.status}），请稍后重试`, e.details)
  if (res.status === 401) unauthorizedHandlers.forEach((fn) => fn(err))
  gate(err)
  return err
}

// A multipart upload of one file (field "file") and optional text fields
// (sent before the file); the answer is JSON.
export async function upload(path, file, fields = {}) {
  const fd = new FormData()
  for (const [k, v] of Object.entries(fields)) fd.append(k, v)
  fd.append('file', file, file.name)
  let res
  try {
    res = await fetch(path, { method: 'POST', body: fd, headers: { Accept: 'application/json', 'X-CSRF-Token': csrf }, credentials: 'same-origin', cache: 'no-store' })
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络连接后重试')
  }
  if (!res.ok) throw await failure(res)
  return res.json()
}

// The file name of a download from Content-Disposition (filename* first).
function dispositionName(h, fallback) {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(h || '')
  if (star) {
    try {
      return decodeURIComponent(star[1])
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(h || '')
  return plain ? plain[1] : fallback
}

// A file download (GET, or POST with a JSON body or a file): fetched so an
// error shows the server's Chinese message instead of a JSON file, then
// saved through a temporary object URL. Returns the file name.
export async function download(method, path, { body, file, name = 'download' } = {}) {
  const headers = {}
  let payload
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf
  if (file) {
    payload = new FormData()
    payload.append('file', file, file.name)
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  let res
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' })
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络连接后重试')
  }
  if (!res.ok) throw await failure(res)
  const blob = await res.blob()
  const filename = dispositionName(res.headers.get('content-disposition'), name)
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
  return filename
}

export const get = (path, opts) => api('GET', path, undefined, opts)
// No body when none is given: routes without body parameters refuse one.
export const post = (path, body, opts) => api('POST', path, body, opts)
export const del = (path, opts) => api('DELETE', path, undefined, opts)
