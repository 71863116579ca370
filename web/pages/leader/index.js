// pages/leader/index.js — the leader's pages (领导): 领导驾驶舱 (the
// region's rates, rankings, trend, funnel, overdue and categories, each
// figure linking to its demands) and that read-only demand list.  Demands
// open on the shared detail page without actions.
import { dashboardPage, LIST } from './dashboard.js';
import { demandListPage } from './demands.js';

export default {
  home: '/dashboard',
  demandListPath: LIST,
  demandListLabel: 'lead.list.backToList',
  routes: [
    {
      path: '/dashboard',
      title: 'lead.dash.title',
      nav: { label: 'nav.lead.dashboard', icon: 'chart', order: 10 },
      render: dashboardPage,
    },
    {
      path: LIST,
      title: 'lead.list.title',
      nav: { label: 'nav.lead.demands', icon: 'list', order: 20 },
      render: demandListPage(LIST),
    },
  ],
};
