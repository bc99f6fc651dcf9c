-- 0017 one index for a unit's roster (issue 3, import speed): the entries of
-- (plan, phase, unit) in id order — the order a unit's list is shown in —
-- carrying each trainee's status columns, so that progress still counts them
-- with an index-only scan (migration 0013). It replaces roster_entries_unit
-- (plan, phase, unit) and roster_entries_status (plan, phase, unit,
-- signed_in, result, credited), which kept the same prefix twice: one B-tree
-- less to write per roster entry, ~17 MB less for a province's 450,000
-- entries, and every query either one served the new one serves.
DROP INDEX roster_entries_status;
DROP INDEX roster_entries_unit;
CREATE INDEX roster_entries_unit ON roster_entries (plan, phase, unit, id, signed_in, result,
	credited);
