// pages/commissioner/index.js — the commissioner's pages (服务专员), made
// for a phone at an enterprise's gate: 我的企业 (paired enterprises), one
// enterprise's page with its demands, its visit log, 记录走访 and
// 代企业提交诉求 (channel visit, linked to the visit it was raised on),
// 走访记录 (my visits, /visits, and one visit with the demands raised on
// it), 我的项目 (the key projects paired with me, and one project),
// 待跟进 (results awaiting confirmation, overdue demands, and the
// enterprises due a visit), and on a demand's page the confirmation on
// the enterprise's behalf.  Visits use POST/GET /visits and /visits/due.
import { t } from '../../i18n/index.js';
import { h } from '../../ui.js';
import { myEnterprisesPage, enterprisePage } from './enterprises.js';
import { onBehalfPage } from './submit.js';
import { followupsPage } from './followups.js';
import { myProjectsPage, projectPage } from './projects.js';
import { recordVisitPage, visitsPage, visitPage } from './visits.js';
import { rateDialog } from '../enterprise/actions.js';

export default {
  home: '/enterprises',
  demandListPath: '/followups',
  demandListLabel: 'comm.follow.back',
  routes: [
    { path: '/enterprises', title: 'comm.ent.title',
      nav: { label: 'nav.comm.enterprises', icon: 'home', order: 10 }, render: myEnterprisesPage },
    { path: '/followups', title: 'comm.follow.title',
      nav: { label: 'nav.comm.followups', icon: 'clock', order: 20 }, render: followupsPage },
    { path: '/projects', title: 'comm.proj.title',
      nav: { label: 'nav.comm.projects', icon: 'doc', order: 15 }, render: myProjectsPage },
    { path: '/projects/:id', title: 'comm.proj.title', render: projectPage },
    { path: '/visits', title: 'comm.visit.title',
      nav: { label: 'nav.comm.visits', icon: 'pin', order: 17 }, render: visitsPage },
    { path: '/enterprises/:id', title: 'comm.ent.title', render: enterprisePage },
    { path: '/enterprises/:id/new', title: 'comm.submit.title', render: onBehalfPage },
    { path: '/enterprises/:id/visit', title: 'comm.visit.recordTitle', render: recordVisitPage },
    { path: '/visits/:id', title: 'comm.visit.detailTitle', render: visitPage },
  ],
  demandActions: (d, ctx) => (d.status === 'resolved' ? [
    h('p', { class: 'action-note' }, t('comm.confirm.prompt')),
    h('button', { type: 'button', class: 'btn btn-primary', onclick: () => rateDialog(d, ctx) },
      t('comm.confirm.open')),
  ] : []),
};
