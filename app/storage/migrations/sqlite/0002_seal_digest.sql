-- The letter seal (letter-seal.md): a number taken offline carries its letter's seal digest to the server.

ALTER TABLE offline_letters ADD COLUMN seal_digest TEXT NOT NULL DEFAULT '';
