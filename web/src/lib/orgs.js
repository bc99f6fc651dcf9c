// Organisation tree helpers: fetching units and their Chinese labels.
import { get } from './api.js'

export const SCHOOL_TYPE_LABELS = { central: '乡镇中心小学以上', village: '村小', point: '教学点' }
export const STAGE_LABELS = { primary: '小学', junior: '初中', senior: '高中' }
export const PROVINCE_CODE = '360000'

// GET /api/v1/orgs/{code}?depth=N: the unit with N levels of children.
export function fetchOrg(code, depth = 1) {
  return get(`/api/v1/orgs/${encodeURIComponent(code)}?depth=${depth}`)
}

// The chain of units from the top down to code (inclusive), following
// "parent" one request at a time (at most a handful of levels). Stops
// quietly at a unit the account may not see.
export async function fetchAncestors(unit) {
  const chain = [unit]
  let parent = unit.parent
  for (let i = 0; parent && i < 8; i++) {
    let p
    try {
      p = await fetchOrg(parent, 0)
    } catch {
      break
    }
    chain.unshift(p)
    parent = p.parent
  }
  return chain
}

export function schoolTypeLabel(t) {
  return SCHOOL_TYPE_LABELS[t] || ''
}

export function stagesLabel(stages) {
  return (stages || []).map((s) => STAGE_LABELS[s] || s).join('、')
}
