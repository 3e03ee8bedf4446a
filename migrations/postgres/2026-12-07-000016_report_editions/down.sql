CREATE TABLE report_files (
    report_id BIGINT PRIMARY KEY NOT NULL REFERENCES reports (id),
    pdf BYTEA NOT NULL
);
INSERT INTO report_files (report_id, pdf)
SELECT report_id, pdf FROM report_editions WHERE language = 'en';
DROP TABLE report_editions;
