-- idflow PostgreSQL store, schema 1: flows and their versions, connections, secrets, schedules, settings,
-- idempotency keys and run history. Runs in the store's schema (search_path), inside the migration transaction.

CREATE TABLE flows (
  id          text COLLATE "C" PRIMARY KEY,
  flow        jsonb   NOT NULL,
  version     integer NOT NULL,
  hash        text    NOT NULL,
  enabled     boolean NOT NULL,
  created_at  text    NOT NULL,
  updated_at  text    NOT NULL
);

CREATE TABLE flow_versions (
  flow_id   text COLLATE "C" NOT NULL,
  hash      text    NOT NULL,
  version   integer NOT NULL,
  saved_at  text    NOT NULL,
  summary   text    NOT NULL,
  flow      jsonb   NOT NULL,
  PRIMARY KEY (flow_id, hash)
);

CREATE TABLE connections (
  name    text COLLATE "C" PRIMARY KEY,
  record  jsonb NOT NULL
);

CREATE TABLE webhook_secrets (
  flow_id     text COLLATE "C" PRIMARY KEY,
  secret      text NOT NULL,
  updated_at  text NOT NULL
);

CREATE TABLE schedule_state (
  flow_id       text COLLATE "C" PRIMARY KEY,
  last_fire_at  text,
  last_run_id   text
);

CREATE TABLE settings (
  key    text COLLATE "C" PRIMARY KEY,
  value  text NOT NULL
);

CREATE TABLE idempotency_keys (
  key         text COLLATE "C" PRIMARY KEY,
  run_id      text        NOT NULL,
  expires_at  text        NOT NULL,
  expires_ts  timestamptz NOT NULL
);
CREATE INDEX idempotency_keys_expires ON idempotency_keys (expires_ts);

-- One row per run: the record as jsonb plus the columns listRuns filters and sorts on.
-- sort_ts = startedAt ?? queuedAt ?? finishedAt in epoch ms (0 when none); id breaks ties ("C" collation = JS order).
CREATE TABLE runs (
  id             text COLLATE "C" PRIMARY KEY,
  flow_id        text COLLATE "C" NOT NULL,
  status         text   NOT NULL,
  sort_ts        bigint NOT NULL,
  queued_at      text,
  started_at     text,
  parent_run_id  text,
  search         text   NOT NULL,
  record         jsonb  NOT NULL
);
CREATE INDEX runs_sort ON runs (sort_ts DESC, id DESC);
CREATE INDEX runs_flow_sort ON runs (flow_id, sort_ts DESC, id DESC);
CREATE INDEX runs_status ON runs (status, sort_ts);
CREATE INDEX runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

-- Text search (`q`) is `search LIKE '%…%'` over lowercased trigger data. A trigram index makes that fast when the
-- pg_trgm extension can be installed (it needs the CREATE privilege on the database); without it the query still
-- works, as a scan.
DO $$
DECLARE
  trgm_schema text;
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
  EXCEPTION WHEN OTHERS THEN
    NULL;
  END;
  SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'pg_trgm';
  IF trgm_schema IS NOT NULL THEN
    EXECUTE format('CREATE INDEX runs_search_trgm ON runs USING gin (search %I.gin_trgm_ops)', trgm_schema);
  END IF;
END
$$;
