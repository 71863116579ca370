// pages/dispatcher/index.js — the service office's pages (服务专员办):
// 分派台 (the triage queue), 全部诉求 (the region's demands with the ledger
// export), and on a demand's page: assign, refuse a return, merge.
import { api } from '../../api.js';
import { queuePage } from './queue.js';
import { allDemandsPage } from './all.js';
import { dispatcherActions } from './actions.js';

export default {
  home: '/queue',
  demandListPath: '/queue',
  demandListLabel: 'disp.backToQueue',
  routes: [
    {
      path: '/queue',
      title: 'disp.queue.title',
      nav: { label: 'nav.disp.queue', icon: 'list', order: 10 },
      render: queuePage,
    },
    {
      path: '/all',
      title: 'disp.all.title',
      nav: { label: 'nav.disp.all', icon: 'doc', order: 20 },
      render: allDemandsPage,
    },
  ],
  demandActions: dispatcherActions,
  describe: async (user) => (user.department_id
    ? (await api.get(`/departments/${user.department_id}`).catch(() => null))?.name ?? null : null),
};
