-- gctool schema for PostgreSQL, migration 3: implicit roots. Never edit once shipped.
-- The same change as schema/sqlite/0003_implicit_roots.sql: true marks a root gctool found by itself
-- (one of uv's tool directories), false one an operator registered.
ALTER TABLE roots ADD COLUMN implicit boolean NOT NULL DEFAULT false;
