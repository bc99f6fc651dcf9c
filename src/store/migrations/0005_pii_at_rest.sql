-- 0005 personal data at rest (issue 5): teachers' ID numbers and phones are
-- kept only sealed (libsodium XChaCha20-Poly1305 with a key in a file outside
-- the database, src/store/pii.h), and the ID number's keyed hash (the blind
-- index) carries the UNIQUE constraint and the lookups.
--
--   id_index       keyed BLAKE2b of the ID number, base64; UNIQUE (it is the
--                  renamed id_number column, so its constraint carries over)
--   id_number_enc  the sealed ID number, base64 (nonce, ciphertext, tag)
--   phone_enc      the sealed phone, base64; '' for no phone
--
-- Renaming keeps the table, its foreign keys and its rows. Rows written
-- before this migration still hold clear values here: store_migrate seals
-- them in C in this same transaction (pii_convert_teachers), since SQL cannot
-- encrypt. Clear bytes of such rows may linger in free pages and old WAL
-- frames of a SQLite file until VACUUM; databases from before 0005 are demo
-- and test data, re-create them to be sure.

ALTER TABLE teachers RENAME COLUMN id_number TO id_index;
ALTER TABLE teachers RENAME COLUMN phone TO phone_enc;
ALTER TABLE teachers ADD COLUMN id_number_enc TEXT NOT NULL DEFAULT '';
