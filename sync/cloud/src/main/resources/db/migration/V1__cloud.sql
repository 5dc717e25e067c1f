-- One schema for H2 and PostgreSQL: portable types only. ${big_text} is the one type that
-- differs (CLOB on H2, whose VARCHAR stops at 1 MB; TEXT on PostgreSQL), set per datasource as
-- a Flyway placeholder. Instants are epoch milliseconds (BIGINT) for the same reason.

-- Serialises every change of effective desired state across all cloud instances (object put or
-- delete, label change, enrolment): such a change reads fleet-wide rows (every store's labels,
-- every desired object), so it runs under this row's lock, then locks store rows by id.
-- change_seq orders the revision bumps so each instance can find stores that moved since its
-- last look with one indexed query.
CREATE TABLE fleet_lock (
  id INT PRIMARY KEY,
  change_seq BIGINT NOT NULL
);
INSERT INTO fleet_lock (id, change_seq) VALUES (1, 0);

CREATE TABLE stores (
  id VARCHAR(64) PRIMARY KEY,
  name VARCHAR(200),
  labels VARCHAR(8000) NOT NULL,
  revision BIGINT NOT NULL,
  -- changes of revisions <= change_floor may be pruned: older `since` gets a full snapshot
  change_floor BIGINT NOT NULL,
  change_seq BIGINT NOT NULL,
  applied_revision BIGINT NOT NULL,
  report_sequence BIGINT NOT NULL,
  telemetry_sequence BIGINT NOT NULL,
  credential_sha256 VARCHAR(64),
  hub_name VARCHAR(200),
  enrolled_ms BIGINT,
  last_seen_ms BIGINT,
  created_ms BIGINT NOT NULL
);
CREATE INDEX stores_change_seq ON stores (change_seq);

CREATE TABLE activations (
  id VARCHAR(40) PRIMARY KEY,
  store_id VARCHAR(64) NOT NULL,
  labels VARCHAR(8000) NOT NULL,
  code_hash VARCHAR(200) NOT NULL,
  expires_ms BIGINT NOT NULL,
  max_uses INT NOT NULL,
  uses INT NOT NULL,
  created_ms BIGINT NOT NULL
);

-- What operators put: one row per (kind, name, canonical selector).
CREATE TABLE desired_objects (
  kind VARCHAR(20) NOT NULL,
  name VARCHAR(255) NOT NULL,
  selector VARCHAR(2000) NOT NULL,
  spec ${big_text} NOT NULL,
  spec_hash VARCHAR(64) NOT NULL,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (kind, name, selector)
);

-- A store's effective desired state, materialised so a poll reads one store's rows only.
CREATE TABLE store_objects (
  store_id VARCHAR(64) NOT NULL,
  kind VARCHAR(20) NOT NULL,
  name VARCHAR(255) NOT NULL,
  spec ${big_text} NOT NULL,
  spec_hash VARCHAR(64) NOT NULL,
  PRIMARY KEY (store_id, kind, name)
);

-- The change log the long-poll answers from.
CREATE TABLE store_changes (
  store_id VARCHAR(64) NOT NULL,
  revision BIGINT NOT NULL,
  kind VARCHAR(20) NOT NULL,
  name VARCHAR(255) NOT NULL,
  op VARCHAR(10) NOT NULL,
  spec ${big_text},
  PRIMARY KEY (store_id, revision, kind, name)
);

-- Report snapshots replace the previous ones; events append.
CREATE TABLE report_snapshots (
  store_id VARCHAR(64) PRIMARY KEY,
  sequence BIGINT NOT NULL,
  sent_ms BIGINT,
  received_ms BIGINT NOT NULL,
  devices ${big_text} NOT NULL,
  tasks ${big_text} NOT NULL,
  deployments ${big_text} NOT NULL
);

CREATE TABLE report_events (
  store_id VARCHAR(64) NOT NULL,
  sequence BIGINT NOT NULL,
  idx INT NOT NULL,
  event_id BIGINT NOT NULL,
  at_ms BIGINT,
  body ${big_text} NOT NULL,
  PRIMARY KEY (store_id, sequence, idx)
);
CREATE INDEX report_events_by_id ON report_events (store_id, event_id);

CREATE TABLE telemetry_streams (
  store_id VARCHAR(64) NOT NULL,
  stream VARCHAR(200) NOT NULL,
  last_seq BIGINT NOT NULL,
  PRIMARY KEY (store_id, stream)
);

-- Telemetry arrives in batches of thousands and is read back in ranges, so each accepted batch
-- is kept as one segment per stream (a JSON array of its messages in seq order) rather than a
-- row per message: ingest costs one insert per stream per batch. Segments of a stream never
-- overlap; telemetry_streams.last_seq guards against storing a message twice.
CREATE TABLE telemetry_segments (
  store_id VARCHAR(64) NOT NULL,
  stream VARCHAR(200) NOT NULL,
  first_seq BIGINT NOT NULL,
  last_seq BIGINT NOT NULL,
  message_count INT NOT NULL,
  body ${big_text} NOT NULL,
  PRIMARY KEY (store_id, stream, first_seq)
);
CREATE INDEX telemetry_segments_by_last ON telemetry_segments (store_id, stream, last_seq);

CREATE TABLE telemetry_drops (
  store_id VARCHAR(64) NOT NULL,
  stream VARCHAR(200) NOT NULL,
  reason VARCHAR(40) NOT NULL,
  dropped BIGINT NOT NULL,
  PRIMARY KEY (store_id, stream, reason)
);
