-- Why a refused request (4xx/5xx) was refused: the error code of the answer's {error, message}
-- body (for answers without such a body, the code of its status) and its message when known.
-- Null for an accepted request, and for entries written before this column.
alter table audit_log add column error varchar(64);
alter table audit_log add column error_message varchar(255);
