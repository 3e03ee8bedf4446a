-- A published report is signed once in each language it is published in: each edition is its
-- own file with its own SHA-256, found by that hash when someone checks a copy. The files kept
-- until now are the English editions; `reports.pdf_sha256` stays the English edition's.
CREATE TABLE report_editions (
    report_id BIGINT NOT NULL REFERENCES reports (id),
    language TEXT NOT NULL CHECK (language IN ('en', 'fil')),
    pdf BLOB NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    PRIMARY KEY (report_id, language)
);
CREATE UNIQUE INDEX report_editions_sha256 ON report_editions (pdf_sha256);
INSERT INTO report_editions (report_id, language, pdf, pdf_sha256)
SELECT f.report_id, 'en', f.pdf, r.pdf_sha256
FROM report_files f JOIN reports r ON r.id = f.report_id;
DROP TABLE report_files;
