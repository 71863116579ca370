// pages/commissioner/index.js — the commissioner's pages (服务专员).  Not built yet: the
// role signs in to a placeholder work bench, and can open any demand it
// may see at /demands/:id (the shared detail page, read-only until
// demandActions is given here).  See web/README.md and
// web/pages/enterprise/index.js for a finished role.
import { placeholderModule } from '../common.js';

export default placeholderModule();
