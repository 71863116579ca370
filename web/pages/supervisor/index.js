// pages/supervisor/index.js — the supervisor's pages (督办): 逾期看板
// (overdue demands by how late), 督办单 (supervision notices), 问责
// (accountability items of a month range), 延期审批 (pending extensions to
// approve or refuse, also from the shared demand page).
import { overduePage } from './overdue.js';
import { supervisionsPage } from './supervisions.js';
import { accountabilityPage } from './accountability.js';
import { extensionsPage } from './extensions.js';
import { supervisorActions } from './common.js';

export default {
  home: '/overdue',
  demandListPath: '/overdue',
  demandListLabel: 'sup.overdue.back',
  routes: [
    {
      path: '/overdue',
      title: 'sup.overdue.title',
      nav: { label: 'nav.sup.overdue', icon: 'clock', order: 10 },
      render: overduePage,
    },
    {
      path: '/supervisions',
      title: 'sup.sv.title',
      nav: { label: 'nav.sup.supervisions', icon: 'doc', order: 20 },
      render: supervisionsPage,
    },
    {
      path: '/accountability',
      title: 'sup.acc.title',
      nav: { label: 'nav.sup.accountability', icon: 'list', order: 30 },
      render: accountabilityPage,
    },
    {
      path: '/extensions',
      title: 'sup.ext.title',
      nav: { label: 'nav.sup.extensions', icon: 'check', order: 40 },
      render: extensionsPage,
    },
  ],
  demandActions: supervisorActions,
};
