// Routes. Every screen is its own chunk (loaded when first visited) so the
// login page stays small. Screens inside the shell are children of '/';
// meta.public marks pages reachable without a session.
import { watch } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import { session, checkSession } from './lib/session.js'
import { homeFor } from './lib/roles.js'

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: '登录' } },
  { path: '/signin/:session?', name: 'signin', component: () => import('./views/SigninView.vue'), meta: { public: true, title: '培训签到' } },
  { path: '/totp', name: 'totp', component: () => import('./views/TotpView.vue'), meta: { title: '绑定动态口令' } },
  { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { title: '修改密码' } },
  {
    path: '/',
    component: () => import('./views/ShellLayout.vue'),
    children: [
      { path: '', name: 'home', redirect: () => homeFor(session.account && session.account.role) },
      { path: 'dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: '工作台' } },
      { path: 'orgs/:code?', name: 'orgs', component: () => import('./views/OrgsView.vue'), meta: { title: '组织机构' } },
      { path: 'quotas', name: 'quotas', component: () => import('./views/QuotasView.vue'), meta: { title: '名额分解' } },
      { path: 'submissions', name: 'submissions', component: () => import('./views/SubmissionsView.vue'), meta: { title: '名单审核' } },
      { path: 'roster', name: 'roster', component: () => import('./views/RosterView.vue'), meta: { title: '参训名单' } },
      { path: 'accounts', name: 'accounts', component: () => import('./views/AccountsView.vue'), meta: { title: '账号管理' } },
      { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: '审计日志' } },
      { path: 'backups', name: 'backups', component: () => import('./views/BackupsView.vue'), meta: { title: '数据备份' } },
      { path: 'experts', name: 'experts', component: () => import('./views/ExpertsView.vue'), meta: { title: '评审专家' } },
      { path: 'sessions', name: 'sessions', component: () => import('./views/SessionsView.vue'), meta: { title: '培训场次' } },
      { path: 'assess', name: 'assess', component: () => import('./views/AssessView.vue'), meta: { title: '现场考核' } },
      { path: 'transcript', name: 'transcript', component: () => import('./views/TranscriptView.vue'), meta: { title: '我的培训' } },
      { path: 'results', name: 'results', component: () => import('./views/ResultsView.vue'), meta: { title: '考核结果' } },
      { path: 'retraining', name: 'retraining', component: () => import('./views/RetrainingView.vue'), meta: { title: '补训名单' } },
      { path: 'hours', name: 'hours', component: () => import('./views/HoursView.vue'), meta: { title: '网络研修学时' } },
      { path: 'forms', name: 'forms', component: () => import('./views/FormsView.vue'), meta: { title: '表格下载' } },
      { path: ':rest(.*)*', name: 'notfound', component: () => import('./views/NotFoundView.vue'), meta: { title: '页面不存在' } },
    ],
  },
]

const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  const acc = await checkSession()
  if (!acc) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  if (session.mustChangePassword && to.name !== 'password') return { name: 'password' }
  if (!session.mustChangePassword && session.mustEnrolTotp && to.name !== 'totp') return { name: 'totp' }
  return true
})

// A request refused at a gate: go to the page that opens it.
watch(() => [session.mustChangePassword, session.mustEnrolTotp], ([pw, totp]) => {
  const name = router.currentRoute.value.name
  if (pw && name !== 'password') router.replace({ name: 'password' })
  else if (!pw && totp && name !== 'totp') router.replace({ name: 'totp' })
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - peixun 培训管理系统` : 'peixun 培训管理系统'
})

export default router
