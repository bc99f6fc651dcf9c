// Lists paged, filtered and sorted on the server (docs/internals/ROUTER.md,
// "Lists built in the app"): the routes take page, page_size, q (text in
// the name or code) and sort (a field, "-field" for descending) and answer
// with the page beside total, page and page_size. A view keeps one
// pagedList per table, binds its page/q to el-pagination and a search box,
// passes onSort to the table's @sort-change (columns sortable="custom"),
// and calls reload() after a change; reload({ quiet: true }) refreshes the
// page shown without the loading mask, and keeps its rows if it fails.
import { reactive } from 'vue'
import { qs } from './api.js'

// fetchPage(params) -> the server's answer; rowsOf(answer) -> the rows.
export function pagedList(fetchPage, { pageSize = 20, sort = '', rowsOf = (a) => a.items || [] } = {}) {
  const l = reactive({
    page: 1, pageSize, q: '', sort, rows: [], total: 0, answer: null, loading: false, error: '',
  })
  let seq = 0
  l.reload = async ({ quiet = false } = {}) => {
    const mine = ++seq
    if (!quiet) l.loading = true
    try {
      const a = await fetchPage({ page: l.page, page_size: l.pageSize, q: l.q.trim(), sort: l.sort })
      if (mine !== seq) return // a newer request is on its way
      l.answer = a
      l.rows = rowsOf(a) || []
      l.total = a.total ?? l.rows.length
      l.error = ''
    } catch (e) {
      if (mine !== seq || quiet) return
      l.answer = null
      l.rows = []
      l.total = 0
      l.error = e.message
    } finally {
      if (mine === seq) l.loading = false
    }
  }
  // a new filter or sort starts again on page 1
  l.restart = () => {
    l.page = 1
    return l.reload()
  }
  l.onSort = ({ prop, order }) => {
    l.sort = order === 'descending' ? `-${prop}` : order === 'ascending' ? prop : sort
    l.restart()
  }
  return l
}

// The query string of a list's request: fixed params plus the list's own.
export function listQuery(fixed, params) {
  return qs({ ...fixed, ...params })
}
