-- 002: demands (诉求), their deadlines, history, supervision and rates.

-- The demand categories (dictionary; the UI shows name or name_en).
CREATE TABLE category (
  code    TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  name_en TEXT NOT NULL,
  ord     INTEGER NOT NULL
) STRICT;
INSERT INTO category VALUES
  ('labour', '用工', 'Labour', 1),
  ('finance', '融资', 'Finance', 2),
  ('land', '用地', 'Land', 3),
  ('approval', '审批', 'Approvals', 4),
  ('logistics', '物流', 'Logistics', 5),
  ('materials', '原材料', 'Materials', 6),
  ('supplies', '防疫物资', 'Epidemic supplies', 7),
  ('talent', '人才', 'Talent', 8),
  ('policy', '政策', 'Policy', 9),
  ('infrastructure', '基础设施', 'Infrastructure', 10),
  ('other', '其他', 'Other', 11);

-- Public holidays and make-up working days; editable by admins.  The
-- version row tells every server when to reload its copy.
CREATE TABLE calendar_day (
  day  TEXT PRIMARY KEY,                 -- 'YYYY-MM-DD'
  kind TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
  name TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO meta VALUES ('calendar_version', 0);  -- 0: not loaded yet

-- SLA policies are versioned: a change inserts a new row and supersedes
-- the old, and each demand keeps the version it was submitted under, so
-- changes apply to new demands only.  NULL matches anything.
CREATE TABLE sla_policy (
  id                INTEGER PRIMARY KEY,
  category          TEXT REFERENCES category(code),
  kind              TEXT CHECK (kind IN ('enquiry','help','complaint','suggestion')),
  urgency           TEXT CHECK (urgency IN ('normal','urgent','most_urgent')),
  assign_unit       TEXT NOT NULL, assign_amount     INTEGER NOT NULL,
  answer_unit       TEXT NOT NULL, answer_amount     INTEGER NOT NULL,
  resolve_unit      TEXT NOT NULL, resolve_amount    INTEGER NOT NULL,
  remind_percent    INTEGER NOT NULL CHECK (remind_percent BETWEEN 0 AND 99),
  escalate_unit     TEXT NOT NULL, escalate_amount   INTEGER NOT NULL,
  account_unit      TEXT NOT NULL, account_amount    INTEGER NOT NULL,
  auto_close_unit   TEXT NOT NULL, auto_close_amount INTEGER NOT NULL,
  created_at        INTEGER NOT NULL,
  created_by        INTEGER REFERENCES app_user(id),
  superseded_at     INTEGER
) STRICT;
CREATE INDEX sla_policy_current ON sla_policy(category, kind, urgency)
  WHERE superseded_at IS NULL;
INSERT INTO sla_policy (category, kind, urgency, assign_unit, assign_amount,
  answer_unit, answer_amount, resolve_unit, resolve_amount, remind_percent,
  escalate_unit, escalate_amount, account_unit, account_amount,
  auto_close_unit, auto_close_amount, created_at)
VALUES (NULL, NULL, NULL, 'days', 1, 'days', 3, 'days', 15, 75,
        'days', 1, 'days', 3, 'days', 7, 0);

CREATE TABLE demand_code_seq (
  year INTEGER PRIMARY KEY,
  last INTEGER NOT NULL
) STRICT;

CREATE TABLE demand (
  id                   INTEGER PRIMARY KEY,
  code                 TEXT NOT NULL UNIQUE,      -- QT-YYYY-NNNNNN
  enterprise_id        INTEGER NOT NULL REFERENCES enterprise(id),
  project_id           INTEGER REFERENCES project(id),
  region_code          TEXT NOT NULL,             -- the enterprise's
  submitter_id         INTEGER NOT NULL REFERENCES app_user(id),
  commissioner_id      INTEGER REFERENCES app_user(id),
  channel              TEXT NOT NULL CHECK (channel IN
                         ('web','mobile','visit','hotline','email','import')),
  category             TEXT NOT NULL REFERENCES category(code),
  subcategory          TEXT,
  kind                 TEXT NOT NULL CHECK (kind IN
                         ('enquiry','help','complaint','suggestion')),
  urgency              TEXT NOT NULL CHECK (urgency IN
                         ('normal','urgent','most_urgent')),
  title                TEXT NOT NULL,
  content              TEXT NOT NULL,
  policy_id            INTEGER NOT NULL REFERENCES sla_policy(id),
  status               TEXT NOT NULL CHECK (status IN ('submitted',
                         'assigned','accepted','answered','resolved',
                         'closed','withdrawn','merged')),
  lead_department_id   INTEGER REFERENCES department(id),
  lead_path            TEXT,                      -- for handler scopes
  is_return_pending    INTEGER NOT NULL DEFAULT 0,
  returned_from        INTEGER REFERENCES department(id),
  status_before_return TEXT,
  return_count         INTEGER NOT NULL DEFAULT 0,
  reopen_count         INTEGER NOT NULL DEFAULT 0,
  outcome              TEXT CHECK (outcome IN ('resolved','partial','explained')),
  satisfaction         TEXT CHECK (satisfaction IN ('satisfied','basic','unsatisfied')),
  duplicate_of         INTEGER REFERENCES demand(id),
  extension_pending_days INTEGER NOT NULL DEFAULT 0,
  extension_days       INTEGER NOT NULL DEFAULT 0,
  submitted_at         INTEGER NOT NULL,
  assigned_at          INTEGER,
  first_assigned_at    INTEGER,
  accepted_at          INTEGER,
  answered_at          INTEGER,
  resolved_at          INTEGER,
  closed_at            INTEGER,
  assign_due           INTEGER NOT NULL,
  answer_due           INTEGER,
  resolve_due          INTEGER,
  paused_at            INTEGER,
  paused_seconds       INTEGER NOT NULL DEFAULT 0,
  steps_done           INTEGER NOT NULL DEFAULT 0,
  next_due_at          INTEGER,                   -- the scheduler's index
  answer               TEXT,                      -- the latest answer
  result               TEXT,                      -- the latest result
  stat_month           TEXT NOT NULL              -- 'YYYY-MM' submitted, CST
) STRICT;
CREATE INDEX demand_due ON demand(next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX demand_region ON demand(region_code, id);
CREATE INDEX demand_lead ON demand(lead_path, id);
CREATE INDEX demand_enterprise ON demand(enterprise_id, id);
CREATE INDEX demand_submitter ON demand(submitter_id, id);
CREATE INDEX demand_status ON demand(status, id);

CREATE TABLE demand_co_department (
  demand_id     INTEGER NOT NULL REFERENCES demand(id),
  department_id INTEGER NOT NULL REFERENCES department(id),
  PRIMARY KEY (demand_id, department_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX demand_co_department_dept ON demand_co_department(department_id, demand_id);

-- Append-only history: every transition, comment and scheduler step.
CREATE TABLE demand_event (
  id          INTEGER PRIMARY KEY,
  demand_id   INTEGER NOT NULL REFERENCES demand(id),
  at          INTEGER NOT NULL,
  actor_id    INTEGER REFERENCES app_user(id),   -- NULL: the system
  actor_role  TEXT,
  action      TEXT NOT NULL,   -- submit, assign, ..., or step
  from_status TEXT NOT NULL,
  to_status   TEXT NOT NULL,
  stage       TEXT,            -- for steps: assign | answer | resolve
  rung        TEXT,            -- for steps: remind | overdue | escalate | account
  note        TEXT,
  data        TEXT             -- JSON: departments, outcome, rating ...
) STRICT;
CREATE INDEX demand_event_demand ON demand_event(demand_id, id);
CREATE TRIGGER demand_event_no_update BEFORE UPDATE ON demand_event
BEGIN SELECT RAISE(ABORT, 'demand_event is append-only'); END;
CREATE TRIGGER demand_event_no_delete BEFORE DELETE ON demand_event
BEGIN SELECT RAISE(ABORT, 'demand_event is append-only'); END;

-- Full-text search over title and content.  The trigram tokenizer needs
-- no word segmenter, which Chinese has no spaces for.
CREATE VIRTUAL TABLE demand_fts USING fts5(
  title, content, content='demand', content_rowid='id', tokenize='trigram');
CREATE TRIGGER demand_fts_insert AFTER INSERT ON demand BEGIN
  INSERT INTO demand_fts (rowid, title, content)
  VALUES (new.id, new.title, new.content);
END;
CREATE TRIGGER demand_fts_update AFTER UPDATE OF title, content ON demand BEGIN
  INSERT INTO demand_fts (demand_fts, rowid, title, content)
  VALUES ('delete', old.id, old.title, old.content);
  INSERT INTO demand_fts (rowid, title, content)
  VALUES (new.id, new.title, new.content);
END;

-- 督办单: opened when a stage goes overdue, escalated to the supervisor
-- later, closed when the stage is done.
CREATE TABLE supervision (
  id            INTEGER PRIMARY KEY,
  demand_id     INTEGER NOT NULL REFERENCES demand(id),
  stage         TEXT NOT NULL CHECK (stage IN ('assign','answer','resolve')),
  department_id INTEGER REFERENCES department(id),  -- NULL: the dispatcher
  region_code   TEXT NOT NULL,
  opened_at     INTEGER NOT NULL,
  escalated_at  INTEGER,
  closed_at     INTEGER,
  UNIQUE (demand_id, stage, opened_at)
) STRICT;
CREATE INDEX supervision_region ON supervision(region_code, id);

-- 问责: a stage past the rule.
CREATE TABLE accountability (
  id            INTEGER PRIMARY KEY,
  demand_id     INTEGER NOT NULL REFERENCES demand(id),
  stage         TEXT NOT NULL CHECK (stage IN ('assign','answer','resolve')),
  department_id INTEGER REFERENCES department(id),
  region_code   TEXT NOT NULL,
  at            INTEGER NOT NULL,
  month         TEXT NOT NULL          -- 'YYYY-MM', for the circular
) STRICT;
CREATE INDEX accountability_region ON accountability(region_code, month);

-- Extension requests and their decisions.
CREATE TABLE extension (
  id           INTEGER PRIMARY KEY,
  demand_id    INTEGER NOT NULL REFERENCES demand(id),
  days         INTEGER NOT NULL CHECK (days BETWEEN 1 AND 90),
  reason       TEXT NOT NULL,
  requested_by INTEGER NOT NULL REFERENCES app_user(id),
  requested_at INTEGER NOT NULL,
  decided_by   INTEGER REFERENCES app_user(id),
  decided_at   INTEGER,
  approved     INTEGER CHECK (approved IN (0,1))
) STRICT;
CREATE INDEX extension_demand ON extension(demand_id);
CREATE INDEX extension_pending ON extension(decided_at) WHERE decided_at IS NULL;

-- In-app notifications (催办, 督办, escalations) for a department, a
-- region's supervisors or one user.
CREATE TABLE notification (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  demand_id     INTEGER REFERENCES demand(id),
  user_id       INTEGER REFERENCES app_user(id),
  department_id INTEGER REFERENCES department(id),
  region_code   TEXT,
  created_at    INTEGER NOT NULL,
  read_at       INTEGER,
  text          TEXT NOT NULL
) STRICT;
CREATE INDEX notification_department ON notification(department_id, id);
CREATE INDEX notification_user ON notification(user_id, id);

-- Rates: each demand's contribution (src/core/rates.h), summed per
-- month of submission, the enterprise's region, the lead department (0
-- while unassigned) and category; kept in step with every change.
CREATE TABLE demand_stat (
  month         TEXT NOT NULL,
  region_code   TEXT NOT NULL,
  department_id INTEGER NOT NULL,
  category      TEXT NOT NULL,
  total INTEGER NOT NULL DEFAULT 0,
  status_submitted INTEGER NOT NULL DEFAULT 0,
  status_assigned INTEGER NOT NULL DEFAULT 0,
  status_accepted INTEGER NOT NULL DEFAULT 0,
  status_answered INTEGER NOT NULL DEFAULT 0,
  status_resolved INTEGER NOT NULL DEFAULT 0,
  status_closed INTEGER NOT NULL DEFAULT 0,
  status_withdrawn INTEGER NOT NULL DEFAULT 0,
  status_merged INTEGER NOT NULL DEFAULT 0,
  closed_resolved INTEGER NOT NULL DEFAULT 0,
  closed_partial INTEGER NOT NULL DEFAULT 0,
  closed_explained INTEGER NOT NULL DEFAULT 0,
  answer_due INTEGER NOT NULL DEFAULT 0,
  answer_on_time INTEGER NOT NULL DEFAULT 0,
  resolve_due INTEGER NOT NULL DEFAULT 0,
  resolve_on_time INTEGER NOT NULL DEFAULT 0,
  rated INTEGER NOT NULL DEFAULT 0,
  rated_ok INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  returned INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  to_assign_n INTEGER NOT NULL DEFAULT 0,
  to_assign_seconds INTEGER NOT NULL DEFAULT 0,
  to_assign_h0 INTEGER NOT NULL DEFAULT 0,
  to_assign_h1 INTEGER NOT NULL DEFAULT 0,
  to_assign_h2 INTEGER NOT NULL DEFAULT 0,
  to_assign_h3 INTEGER NOT NULL DEFAULT 0,
  to_assign_h4 INTEGER NOT NULL DEFAULT 0,
  to_assign_h5 INTEGER NOT NULL DEFAULT 0,
  to_assign_h6 INTEGER NOT NULL DEFAULT 0,
  to_assign_h7 INTEGER NOT NULL DEFAULT 0,
  to_assign_h8 INTEGER NOT NULL DEFAULT 0,
  to_assign_h9 INTEGER NOT NULL DEFAULT 0,
  to_assign_h10 INTEGER NOT NULL DEFAULT 0,
  to_assign_h11 INTEGER NOT NULL DEFAULT 0,
  to_assign_h12 INTEGER NOT NULL DEFAULT 0,
  to_assign_h13 INTEGER NOT NULL DEFAULT 0,
  to_assign_h14 INTEGER NOT NULL DEFAULT 0,
  to_assign_h15 INTEGER NOT NULL DEFAULT 0,
  to_answer_n INTEGER NOT NULL DEFAULT 0,
  to_answer_seconds INTEGER NOT NULL DEFAULT 0,
  to_answer_h0 INTEGER NOT NULL DEFAULT 0,
  to_answer_h1 INTEGER NOT NULL DEFAULT 0,
  to_answer_h2 INTEGER NOT NULL DEFAULT 0,
  to_answer_h3 INTEGER NOT NULL DEFAULT 0,
  to_answer_h4 INTEGER NOT NULL DEFAULT 0,
  to_answer_h5 INTEGER NOT NULL DEFAULT 0,
  to_answer_h6 INTEGER NOT NULL DEFAULT 0,
  to_answer_h7 INTEGER NOT NULL DEFAULT 0,
  to_answer_h8 INTEGER NOT NULL DEFAULT 0,
  to_answer_h9 INTEGER NOT NULL DEFAULT 0,
  to_answer_h10 INTEGER NOT NULL DEFAULT 0,
  to_answer_h11 INTEGER NOT NULL DEFAULT 0,
  to_answer_h12 INTEGER NOT NULL DEFAULT 0,
  to_answer_h13 INTEGER NOT NULL DEFAULT 0,
  to_answer_h14 INTEGER NOT NULL DEFAULT 0,
  to_answer_h15 INTEGER NOT NULL DEFAULT 0,
  to_resolve_n INTEGER NOT NULL DEFAULT 0,
  to_resolve_seconds INTEGER NOT NULL DEFAULT 0,
  to_resolve_h0 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h1 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h2 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h3 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h4 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h5 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h6 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h7 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h8 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h9 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h10 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h11 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h12 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h13 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h14 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h15 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, region_code, department_id, category)
) STRICT, WITHOUT ROWID;
CREATE INDEX demand_stat_region ON demand_stat(region_code, month);

-- The same, per commissioner (the one who submitted or is paired).
CREATE TABLE demand_stat_commissioner (
  month           TEXT NOT NULL,
  commissioner_id INTEGER NOT NULL,
  region_code     TEXT NOT NULL,
  total INTEGER NOT NULL DEFAULT 0,
  status_submitted INTEGER NOT NULL DEFAULT 0,
  status_assigned INTEGER NOT NULL DEFAULT 0,
  status_accepted INTEGER NOT NULL DEFAULT 0,
  status_answered INTEGER NOT NULL DEFAULT 0,
  status_resolved INTEGER NOT NULL DEFAULT 0,
  status_closed INTEGER NOT NULL DEFAULT 0,
  status_withdrawn INTEGER NOT NULL DEFAULT 0,
  status_merged INTEGER NOT NULL DEFAULT 0,
  closed_resolved INTEGER NOT NULL DEFAULT 0,
  closed_partial INTEGER NOT NULL DEFAULT 0,
  closed_explained INTEGER NOT NULL DEFAULT 0,
  answer_due INTEGER NOT NULL DEFAULT 0,
  answer_on_time INTEGER NOT NULL DEFAULT 0,
  resolve_due INTEGER NOT NULL DEFAULT 0,
  resolve_on_time INTEGER NOT NULL DEFAULT 0,
  rated INTEGER NOT NULL DEFAULT 0,
  rated_ok INTEGER NOT NULL DEFAULT 0,
  reopened INTEGER NOT NULL DEFAULT 0,
  returned INTEGER NOT NULL DEFAULT 0,
  overdue INTEGER NOT NULL DEFAULT 0,
  to_assign_n INTEGER NOT NULL DEFAULT 0,
  to_assign_seconds INTEGER NOT NULL DEFAULT 0,
  to_assign_h0 INTEGER NOT NULL DEFAULT 0,
  to_assign_h1 INTEGER NOT NULL DEFAULT 0,
  to_assign_h2 INTEGER NOT NULL DEFAULT 0,
  to_assign_h3 INTEGER NOT NULL DEFAULT 0,
  to_assign_h4 INTEGER NOT NULL DEFAULT 0,
  to_assign_h5 INTEGER NOT NULL DEFAULT 0,
  to_assign_h6 INTEGER NOT NULL DEFAULT 0,
  to_assign_h7 INTEGER NOT NULL DEFAULT 0,
  to_assign_h8 INTEGER NOT NULL DEFAULT 0,
  to_assign_h9 INTEGER NOT NULL DEFAULT 0,
  to_assign_h10 INTEGER NOT NULL DEFAULT 0,
  to_assign_h11 INTEGER NOT NULL DEFAULT 0,
  to_assign_h12 INTEGER NOT NULL DEFAULT 0,
  to_assign_h13 INTEGER NOT NULL DEFAULT 0,
  to_assign_h14 INTEGER NOT NULL DEFAULT 0,
  to_assign_h15 INTEGER NOT NULL DEFAULT 0,
  to_answer_n INTEGER NOT NULL DEFAULT 0,
  to_answer_seconds INTEGER NOT NULL DEFAULT 0,
  to_answer_h0 INTEGER NOT NULL DEFAULT 0,
  to_answer_h1 INTEGER NOT NULL DEFAULT 0,
  to_answer_h2 INTEGER NOT NULL DEFAULT 0,
  to_answer_h3 INTEGER NOT NULL DEFAULT 0,
  to_answer_h4 INTEGER NOT NULL DEFAULT 0,
  to_answer_h5 INTEGER NOT NULL DEFAULT 0,
  to_answer_h6 INTEGER NOT NULL DEFAULT 0,
  to_answer_h7 INTEGER NOT NULL DEFAULT 0,
  to_answer_h8 INTEGER NOT NULL DEFAULT 0,
  to_answer_h9 INTEGER NOT NULL DEFAULT 0,
  to_answer_h10 INTEGER NOT NULL DEFAULT 0,
  to_answer_h11 INTEGER NOT NULL DEFAULT 0,
  to_answer_h12 INTEGER NOT NULL DEFAULT 0,
  to_answer_h13 INTEGER NOT NULL DEFAULT 0,
  to_answer_h14 INTEGER NOT NULL DEFAULT 0,
  to_answer_h15 INTEGER NOT NULL DEFAULT 0,
  to_resolve_n INTEGER NOT NULL DEFAULT 0,
  to_resolve_seconds INTEGER NOT NULL DEFAULT 0,
  to_resolve_h0 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h1 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h2 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h3 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h4 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h5 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h6 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h7 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h8 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h9 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h10 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h11 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h12 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h13 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h14 INTEGER NOT NULL DEFAULT 0,
  to_resolve_h15 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, commissioner_id, region_code)
) STRICT, WITHOUT ROWID;
