-- gctool schema, migration 3: implicit roots. Never edit once shipped.
-- uv's tool directories are roots gctool finds by itself (UV_TOOL_DIR, ~/.local/share/uv/tools, and as
-- root every user's); 1 marks a root registered that way, 0 one an operator registered. A root an
-- operator registers explicitly stays explicit.
ALTER TABLE roots ADD COLUMN implicit INTEGER NOT NULL DEFAULT 0;
