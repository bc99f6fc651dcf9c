// Which optional routes this server has, from its own API document
// (GET /api/v1/openapi.json, fetched once): screens show the parts built on
// routes that other work adds only when the server answers them.
import { get } from './api.js'

let doc = null
export function apiRoutes() {
  if (!doc) {
    doc = get('/api/v1/openapi.json').then((d) => d.paths || {}, () => ({}))
  }
  return doc
}

export async function hasRoute(method, path) {
  const paths = await apiRoutes()
  return !!(paths[path] && paths[path][method.toLowerCase()])
}
