-- Lockbridge store, version 3: a saved plan may onboard several source buckets into one vault.
-- source_bucket keeps the first source (old rows: their only one); source_count says how many the plan
-- holds, so lists can say "and 2 more" without reading plan_json. Old rows are one-source plans.
ALTER TABLE plans ADD COLUMN source_count INTEGER NOT NULL DEFAULT 1;
