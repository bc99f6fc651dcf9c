// Roles (issue 5) and the side menu. A later screen adds its route in
// router.js and one entry here; the shell shows the entries whose roles
// include the account's role.
import { markRaw } from 'vue'
import { DataAnalysis, OfficeBuilding, Histogram, Finished, List, User, Tickets, Download, Timer, Calendar, Reading, FolderChecked } from '@element-plus/icons-vue'

export const ROLE_LABELS = {
  'province-admin': '省级管理员',
  'city-admin': '市级管理员',
  'county-admin': '县级管理员',
  'school-admin': '学校管理员',
  assessor: '评审专家',
  teacher: '教师',
  'system-admin': '系统管理员',
  'security-admin': '安全管理员',
  'audit-admin': '审计管理员',
}

export const ADMIN_ROLES = ['province-admin', 'city-admin', 'county-admin', 'school-admin']

export const MENU = [
  { path: '/dashboard', title: '工作台', icon: markRaw(DataAnalysis), roles: ADMIN_ROLES },
  { path: '/quotas', title: '名额分解', icon: markRaw(Histogram), roles: ['province-admin', 'city-admin', 'county-admin'] },
  { path: '/submissions', title: '名单审核', icon: markRaw(Finished), roles: ADMIN_ROLES },
  { path: '/roster', title: '参训名单', icon: markRaw(List), roles: ADMIN_ROLES },
  { path: '/sessions', title: '培训场次', icon: markRaw(Calendar), roles: ADMIN_ROLES },
  { path: '/experts', title: '评审专家', icon: markRaw(User), roles: ['province-admin'] },
  { path: '/results', title: '考核结果', icon: markRaw(Finished), roles: ADMIN_ROLES },
  { path: '/retraining', title: '补训名单', icon: markRaw(List), roles: ADMIN_ROLES },
  { path: '/hours', title: '网络研修学时', icon: markRaw(Timer), roles: ADMIN_ROLES },
  { path: '/forms', title: '表格下载', icon: markRaw(Download), roles: ADMIN_ROLES },
  { path: '/orgs', title: '组织机构', icon: markRaw(OfficeBuilding), roles: [...ADMIN_ROLES, 'system-admin'] },
  { path: '/accounts', title: '账号管理', icon: markRaw(User), roles: [...ADMIN_ROLES, 'system-admin', 'security-admin'] },
  { path: '/assess', title: '现场考核', icon: markRaw(Timer), roles: ['assessor'] },
  { path: '/transcript', title: '我的培训', icon: markRaw(Reading), roles: ['teacher'] },
  { path: '/audit', title: '审计日志', icon: markRaw(Tickets), roles: ['audit-admin'] },
  { path: '/backups', title: '数据备份', icon: markRaw(FolderChecked), roles: ['system-admin'] },
]

export function roleLabel(role) {
  return ROLE_LABELS[role] || role || ''
}

export function menuFor(role) {
  return MENU.filter((m) => !role || m.roles.includes(role))
}

// Where an account lands after login: the first menu entry it may see.
export function homeFor(role) {
  const m = menuFor(role)
  return m.length ? m[0].path : '/dashboard'
}
