// The counters of GET /api/v1/progress, in the order of the cascade. The
// later ones (sign-in, assessment) appear when the server sends them.
export const COUNTERS = [
  { key: 'quota', label: '名额', color: '#9cb6d4' },
  { key: 'nominated', label: '已报名', color: '#5b8ff9' },
  { key: 'submitted', label: '已提交', color: '#f6bd16' },
  { key: 'accepted', label: '已通过审核', color: '#5ad8a6' },
  { key: 'signed_in', label: '已签到', color: '#6dc8ec' },
  { key: 'assessed', label: '已考核', color: '#9270ca' },
  { key: 'passed', label: '考核合格', color: '#269a5c' },
]

// The counters present in a progress answer (quota … accepted always).
export function countersOf(p) {
  if (!p) return COUNTERS.slice(0, 4)
  return COUNTERS.filter((c) => typeof p[c.key] === 'number')
}

export function percent(n, d) {
  if (!d) return '—'
  return `${Math.round((n * 1000) / d) / 10}%`
}
