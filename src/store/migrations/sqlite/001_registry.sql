-- 001: the registry, accounts, sessions and the audit log.
-- Times are integer seconds since the Unix epoch; dates are 'YYYY-MM-DD'
-- text in China Standard Time.  Nothing is deleted that history refers to:
-- rows are disabled (or pairings ended) instead.

CREATE TABLE region (
  code        TEXT PRIMARY KEY,          -- GB/T 2260; 9 digits for towns
  name        TEXT NOT NULL,
  parent_code TEXT REFERENCES region(code),
  level       TEXT NOT NULL CHECK (level IN ('province','city','county','town'))
) STRICT;
CREATE INDEX region_parent ON region(parent_code);

CREATE TABLE industry (
  code        TEXT PRIMARY KEY,          -- GB/T 4754-2017 section or division
  name        TEXT NOT NULL,
  parent_code TEXT REFERENCES industry(code),
  level       TEXT NOT NULL CHECK (level IN ('section','division'))
) STRICT;

CREATE TABLE department (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN
                ('service_office','supervision','bureau','town','other')),
  region_code TEXT NOT NULL REFERENCES region(code),
  parent_id   INTEGER REFERENCES department(id),
  path        TEXT NOT NULL,             -- '/1/7/': ids from the root
  disabled    INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX department_path ON department(path);
CREATE INDEX department_region ON department(region_code, id);

CREATE TABLE enterprise (
  id               INTEGER PRIMARY KEY,
  credit_code      TEXT NOT NULL UNIQUE,
  code_exception   TEXT,                 -- why a failing code was accepted
  name             TEXT NOT NULL,
  region_code      TEXT NOT NULL REFERENCES region(code),
  industry_code    TEXT REFERENCES industry(code),
  scale            TEXT NOT NULL CHECK (scale IN ('above','below')),
  four_above       INTEGER NOT NULL DEFAULT 0 CHECK (four_above IN (0,1)),
  is_key           INTEGER NOT NULL DEFAULT 0 CHECK (is_key IN (0,1)),
  foreign_invested INTEGER NOT NULL DEFAULT 0 CHECK (foreign_invested IN (0,1)),
  foreign_trade    INTEGER NOT NULL DEFAULT 0 CHECK (foreign_trade IN (0,1)),
  employees        INTEGER,              -- NULL when unknown
  address          TEXT,
  contact_name     TEXT,
  contact_phone    TEXT,
  disabled         INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX enterprise_region ON enterprise(region_code, id);

CREATE TABLE project (
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL,
  enterprise_id     INTEGER NOT NULL REFERENCES enterprise(id),
  region_code       TEXT NOT NULL REFERENCES region(code),
  total_investment  INTEGER NOT NULL DEFAULT 0,   -- 万元
  annual_investment INTEGER NOT NULL DEFAULT 0,   -- 万元
  stage             TEXT NOT NULL CHECK (stage IN
                      ('negotiating','signed','started','completed','producing')),
  planned_start     TEXT,
  planned_end       TEXT,
  actual_start      TEXT,
  actual_end        TEXT,
  disabled          INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX project_region ON project(region_code, id);
CREATE INDEX project_enterprise ON project(enterprise_id);

CREATE TABLE app_user (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('enterprise','commissioner',
                  'dispatcher','handler','supervisor','leader','admin')),
  department_id INTEGER REFERENCES department(id),
  region_code   TEXT REFERENCES region(code),
  enterprise_id INTEGER REFERENCES enterprise(id),
  level         TEXT CHECK (level IN ('city','county','town')),
  phone         TEXT,
  password_hash TEXT,                    -- argon2id; NULL: no sign-in yet
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX app_user_region ON app_user(region_code, id);
CREATE INDEX app_user_department ON app_user(department_id);

CREATE TABLE team (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  leader_id   INTEGER NOT NULL REFERENCES app_user(id),
  region_code TEXT NOT NULL REFERENCES region(code),
  disabled    INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX team_region ON team(region_code, id);

CREATE TABLE team_member (
  team_id INTEGER NOT NULL REFERENCES team(id),
  user_id INTEGER NOT NULL REFERENCES app_user(id),
  PRIMARY KEY (team_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX team_member_user ON team_member(user_id, team_id);

CREATE TABLE pairing (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('one_to_one','team','leader')),
  user_id       INTEGER REFERENCES app_user(id),
  team_id       INTEGER REFERENCES team(id),
  enterprise_id INTEGER REFERENCES enterprise(id),
  project_id    INTEGER REFERENCES project(id),
  starts_on     TEXT NOT NULL,
  ends_on       TEXT,
  created_at    INTEGER NOT NULL,
  CHECK ((user_id IS NULL) <> (team_id IS NULL)),
  CHECK ((enterprise_id IS NULL) <> (project_id IS NULL)),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX pairing_user ON pairing(user_id, enterprise_id);
CREATE INDEX pairing_team ON pairing(team_id, enterprise_id);
CREATE INDEX pairing_enterprise ON pairing(enterprise_id);
CREATE INDEX pairing_project ON pairing(project_id);

CREATE TABLE session (
  token_hash   TEXT PRIMARY KEY,         -- SHA-256 of the cookie value
  user_id      INTEGER NOT NULL REFERENCES app_user(id),
  csrf         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX session_expiry ON session(expires_at);

CREATE TABLE api_token (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES app_user(id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  revoked_at   INTEGER
) STRICT;

CREATE TABLE signin_failure (
  key TEXT NOT NULL,                     -- 'u:<username>' or 'a:<address>'
  at  INTEGER NOT NULL
) STRICT;
CREATE INDEX signin_failure_key ON signin_failure(key, at);

CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  user_id   INTEGER,                     -- NULL for the system or CLI
  address   TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id INTEGER,
  detail    TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;

-- The audit log is append-only: the database itself refuses changes.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
