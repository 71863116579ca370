// pages/admin/index.js — the admin's pages (平台管理): the registry lists
// (企业, 部门, 用户 with create and set-password) with export, 入企小分队
// (create, edit members, disable) and 包联关系 (pair, end, the 全覆盖
// check), 批量导入 (CSV with a report of every rejected row), 时限策略 and
// 工作日历.
import { enterprisesPage, departmentsPage } from './registry.js';
import { usersPage } from './users.js';
import { teamsPage } from './teams.js';
import { pairingsPage } from './pairings.js';
import { importPage } from './import.js';
import { slaPage } from './sla.js';
import { calendarPage } from './calendar.js';

export default {
  home: '/enterprises',
  routes: [
    { path: '/enterprises', title: 'adm.ent.title', nav: { label: 'nav.adm.enterprises', icon: 'home', order: 10 }, render: enterprisesPage },
    { path: '/departments', title: 'adm.dept.title', nav: { label: 'nav.adm.departments', icon: 'list', order: 20 }, render: departmentsPage },
    { path: '/users', title: 'adm.user.title', nav: { label: 'nav.adm.users', icon: 'user', order: 30 }, render: usersPage },
    { path: '/teams', title: 'adm.team.title', nav: { label: 'nav.adm.teams', icon: 'team', order: 33 }, render: teamsPage },
    { path: '/pairings', title: 'adm.pair.title', nav: { label: 'nav.adm.pairings', icon: 'link', order: 36 }, render: pairingsPage },
    { path: '/import', title: 'adm.imp.title', nav: { label: 'nav.adm.import', icon: 'doc', order: 40 }, render: importPage },
    { path: '/sla', title: 'adm.sla.title', nav: { label: 'nav.adm.sla', icon: 'clock', order: 50 }, render: slaPage },
    { path: '/calendar', title: 'nav.adm.calendar', nav: { label: 'nav.adm.calendar', icon: 'check', order: 60 }, render: calendarPage },
  ],
};
