-- The hub's audit log of local requests (who changed what on site, refused attempts included),
-- appended from report batches like report_events. Keyed by the batch that carried it, so a
-- batch is stored exactly once by the sequence rule; audit_id is the hub's own id and orders it.
CREATE TABLE report_audit (
  store_id VARCHAR(64) NOT NULL,
  sequence BIGINT NOT NULL,
  idx INT NOT NULL,
  audit_id BIGINT NOT NULL,
  at_ms BIGINT,
  body ${big_text} NOT NULL,
  PRIMARY KEY (store_id, sequence, idx)
);
CREATE INDEX report_audit_by_id ON report_audit (store_id, audit_id);
