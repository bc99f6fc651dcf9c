// Live figures (the dashboard while a training runs, a session's sign-ins
// on its day): useLive(fn, { ms, key, when }) runs fn every ms while this
// tab is shown, `live` is on and when() holds, and at once when the tab
// comes back after longer. The screen calls mark() after each load that
// succeeded; updatedText is that time for 更新于. With key, the 自动刷新
// choice is remembered in this browser (localStorage). Must be called in a
// component's setup (the timer stops with the component).
import { computed, onBeforeUnmount, ref, watch } from 'vue'

export function useLive(fn, { ms = 30000, key = '', when = () => true } = {}) {
  const live = ref(key ? localStorage.getItem(key) !== 'off' : true)
  if (key) watch(live, (on) => localStorage.setItem(key, on ? 'on' : 'off'))
  const updatedAt = ref(null)
  const updatedText = computed(() => (updatedAt.value ? updatedAt.value.toLocaleTimeString('zh-CN', { hour12: false }) : ''))
  let running = false
  async function run() {
    if (running) return
    running = true
    try {
      await fn()
    } finally {
      running = false
    }
  }
  const due = () => live.value && when() && document.visibilityState === 'visible' &&
    !!updatedAt.value && Date.now() - updatedAt.value.getTime() >= ms
  const ticker = setInterval(() => { if (due()) run() }, Math.min(5000, ms))
  const onVisible = () => { if (due()) run() }
  document.addEventListener('visibilitychange', onVisible)
  onBeforeUnmount(() => {
    clearInterval(ticker)
    document.removeEventListener('visibilitychange', onVisible)
  })
  return { live, updatedAt, updatedText, mark: () => { updatedAt.value = new Date() } }
}
