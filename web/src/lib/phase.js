// The phases of the active plan (jiangxi-2022: the three the notice names)
// and the phase the screens work on. The choice is shared by every screen
// and kept in localStorage; a screen's URL may carry ?phase= as well.
import { ref, watch } from 'vue'

export const PHASES = [
  { key: 'provincial', name: '省级培训', form: 1 },
  { key: 'backbone', name: '骨干教师集中培训', form: 2 },
  { key: 'all-staff', name: '学科教师全员集中培训', form: 2 },
]

const KEY = 'peixun.phase'
const valid = (k) => PHASES.some((p) => p.key === k)
// ?phase= in the address when the page is opened wins (a shared link).
const asked = new URLSearchParams(window.location.search).get('phase')
const stored = valid(asked) ? asked : localStorage.getItem(KEY)
export const phase = ref(valid(stored) ? stored : 'backbone')
if (valid(asked)) localStorage.setItem(KEY, asked)
watch(phase, (v) => localStorage.setItem(KEY, v))

export function phaseName(key) {
  const p = PHASES.find((x) => x.key === key)
  return p ? p.name : key
}

export function phaseForm(key) {
  const p = PHASES.find((x) => x.key === key)
  return p ? p.form : 2
}

// Submission states (core/submission.h) with their tag colours.
export const STATE_TAGS = { draft: 'info', submitted: 'warning', accepted: 'success', returned: 'danger' }
export const STATE_LABELS = { draft: '草稿', submitted: '已提交', accepted: '已通过', returned: '已退回' }
