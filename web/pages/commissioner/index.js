// pages/commissioner/index.js — the commissioner's pages (服务专员), made
// for a phone at an enterprise's gate: 我的企业 (paired enterprises), one
// enterprise's page with its demands and 代企业提交诉求 (channel visit),
// 待跟进 (results awaiting confirmation, overdue demands), and on a
// demand's page the confirmation on the enterprise's behalf.
// There is no visit (走访) API yet, so no visit log here.
import { t } from '../../i18n/index.js';
import { h } from '../../ui.js';
import { myEnterprisesPage, enterprisePage } from './enterprises.js';
import { onBehalfPage } from './submit.js';
import { followupsPage } from './followups.js';
import { myProjectsPage, projectPage } from './projects.js';
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
    { path: '/enterprises/:id', title: 'comm.ent.title', render: enterprisePage },
    { path: '/enterprises/:id/new', title: 'comm.submit.title', render: onBehalfPage },
  ],
  demandActions: (d, ctx) => (d.status === 'resolved' ? [
    h('p', { class: 'action-note' }, t('comm.confirm.prompt')),
    h('button', { type: 'button', class: 'btn btn-primary', onclick: () => rateDialog(d, ctx) },
      t('comm.confirm.open')),
  ] : []),
};
