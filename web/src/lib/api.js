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
    throw err
  }
  return data
}

export const get = (path, opts) => api('GET', path, undefined, opts)
export const post = (path, body, opts) => api('POST', path, body ?? {}, opts)
export const del = (path, opts) => api('DELETE', path, undefined, opts)
