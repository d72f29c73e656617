-- People are named in chat as typed (a name, an external id, case-insensitive: disputes, targets,
-- src/store/chat.ts, src/store/disputes.ts) and linked on first contact by email, ignoring case
-- (src/store/identity.ts). Indexes on the folded values keep those lookups a probe however many
-- people the company has (20,000 salespeople: a scan of every employee per lookup before).

-- pacer:hand-written:begin

CREATE INDEX "employees_name_folded_idx" ON "employees" (lower("name"));
CREATE INDEX "employees_external_id_folded_idx" ON "employees" (lower("external_id"));
CREATE INDEX "employees_email_folded_idx" ON "employees" (lower("email"));

-- pacer:hand-written:end
