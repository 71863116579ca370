// pages/handler/index.js — the lead department's pages (承办部门): 待办
// (its open demands, the nearest deadline first), 已办, and on a demand's
// page: accept, return, answer, resolve, ask for more days, pause/resume.
import { api } from '../../api.js';
import { inboxPage, donePage } from './inbox.js';
import { handlerActions } from './actions.js';

export default {
  home: '/inbox',
  demandListPath: '/inbox',
  demandListLabel: 'hdl.backToInbox',
  routes: [
    {
      path: '/inbox',
      title: 'hdl.inbox.title',
      nav: { label: 'nav.hdl.inbox', icon: 'list', order: 10 },
      render: inboxPage,
    },
    {
      path: '/done',
      title: 'hdl.done.title',
      nav: { label: 'nav.hdl.done', icon: 'check', order: 20 },
      render: donePage,
    },
  ],
  demandActions: handlerActions,
  // The lead department may add files while it works on the demand.
  canAttach: (d, ctx) => d.lead_department_id === ctx.user?.department_id &&
    ['assigned', 'accepted', 'answered'].includes(d.status),
  describe: async (user) => (user.department_id
    ? (await api.get(`/departments/${user.department_id}`).catch(() => null))?.name ?? null : null),
};
