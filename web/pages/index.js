// pages/index.js — the registry: which pages each role has.
//
// Each role's pages live in web/pages/<role>/index.js, whose default
// export is a role module:
//
//   export default {
//     home: '/demands',                  // where the role lands after sign-in
//     routes: [                          // route objects (see router.js)
//       { path: '/demands', title: 'ent.demands.title',
//         nav: { label: 'nav.ent.demands', icon: 'list', order: 10 },
//         render: (ctx) => myDemandsPage(ctx) },
//     ],
//     demandActions: (demand, ctx) => [...buttons],  // optional: buttons on
//                                        // the shared demand detail page
//     describe: async (user) => 'name',  // optional: shown after the role
//                                        // in the header (enterprise name)
//   };
//
// Routes here get roles: [<role>] added, so two roles may use the same
// path for different pages.  Shared routes (SHARED below) are open to
// every role.  To add a role's pages: write web/pages/<role>/*.js, list the
// routes in its index.js, add the messages to both web/i18n tables.
import { signInRoute } from './common.js';
import { demandDetailRoute } from './shared/demand-detail.js';
import enterprise from './enterprise/index.js';
import commissioner from './commissioner/index.js';
import dispatcher from './dispatcher/index.js';
import handler from './handler/index.js';
import supervisor from './supervisor/index.js';
import leader from './leader/index.js';
import admin from './admin/index.js';

export const ROLES = { enterprise, commissioner, dispatcher, handler, supervisor, leader, admin };

// Routes every signed-in role has.
const SHARED = [demandDetailRoute];

export function roleModule(role) {
  return role ? ROLES[role] || null : null;
}

export function allRoutes() {
  const list = [signInRoute];
  const all = Object.keys(ROLES);
  for (const [role, mod] of Object.entries(ROLES)) {
    for (const r of mod.routes) list.push({ ...r, roles: [role] });
  }
  // A role's own route comes first, so it wins over a shared one with the
  // same path (router.match keeps the first of equal scores).
  for (const r of SHARED) list.push({ ...r, roles: all });
  return list;
}

// The navigation of ROLE: its routes with a nav entry, by nav.order.
export function navFor(role) {
  const mod = roleModule(role);
  if (!mod) return [];
  return mod.routes.filter((r) => r.nav)
    .sort((a, b) => (a.nav.order ?? 0) - (b.nav.order ?? 0))
    .map((r) => ({ path: r.path, label: r.nav.label, icon: r.nav.icon }));
}

export function homeFor(role) {
  return roleModule(role)?.home || '/';
}
