// pages/enterprise/index.js — the enterprise's pages: 我的诉求, 提交诉求,
// 我的专员, and what it may do on a demand's page (confirm the result with
// a rating, withdraw an open demand, add files).
import { api } from '../../api.js';
import { myDemandsPage } from './demands.js';
import { submitPage } from './submit.js';
import { commissionerPage } from './commissioner.js';
import { enterpriseActions } from './actions.js';

export default {
  home: '/demands',
  demandListPath: '/demands',
  routes: [
    {
      path: '/demands',
      title: 'ent.demands.title',
      nav: { label: 'nav.ent.demands', icon: 'list', order: 10 },
      render: myDemandsPage,
    },
    {
      path: '/demands/new',
      title: 'ent.submit.title',
      nav: { label: 'nav.ent.submit', icon: 'plus', order: 20 },
      render: submitPage,
    },
    {
      path: '/commissioner',
      title: 'ent.comm.title',
      nav: { label: 'nav.ent.commissioner', icon: 'user', order: 30 },
      render: commissionerPage,
    },
  ],
  demandActions: enterpriseActions,
  // Files may be added until the demand is withdrawn or merged.
  canAttach: (d) => !['withdrawn', 'merged'].includes(d.status),
  // The header shows the enterprise's name after the role.
  describe: async (user) => (user.enterprise_id
    ? (await api.get(`/enterprises/${user.enterprise_id}`)).name : null),
};
