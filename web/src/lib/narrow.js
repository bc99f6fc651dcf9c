// Whether the window is phone-sized (below 768 px), as a reactive ref that
// follows resizes; the listener goes away with the component.
import { onBeforeUnmount, ref } from 'vue'

export const NARROW_QUERY = '(max-width: 767px)'

export function useNarrow() {
  const q = window.matchMedia(NARROW_QUERY)
  const narrow = ref(q.matches)
  const on = (e) => { narrow.value = e.matches }
  q.addEventListener('change', on)
  onBeforeUnmount(() => q.removeEventListener('change', on))
  return narrow
}
