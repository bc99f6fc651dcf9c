-- 0014 paper results (issue 3; docs/internals/PAPER_RESULTS.md): an
-- assessment and a sign-in may come from an Attachment 3 filled on paper
-- and imported (app/paper_results.c) instead of the on-site flow. source
-- tells them apart: 'onsite' (the expert's timer, the QR code or an
-- admin's mark; every row written before this migration) or 'paper'. A
-- paper assessment has no timer: started_at and ended_at stay NULL and its
-- flag ''; created_at is when it was imported.

ALTER TABLE assessments ADD COLUMN source TEXT NOT NULL DEFAULT 'onsite'
	CHECK (source IN ('onsite', 'paper'));
ALTER TABLE attendance ADD COLUMN source TEXT NOT NULL DEFAULT 'onsite'
	CHECK (source IN ('onsite', 'paper'));
